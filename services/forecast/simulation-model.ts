/**
 * Compiles a ProgramGraph and its team profiles into flat typed arrays the trial loop reads:
 * which items are simulated, how each one's duration is drawn, who waits for whom (CSR), which
 * team slot it needs and in what priority order. All judgement calls live here, not in the loop.
 *
 * - Simulated items: the open items in scope plus every open item they transitively wait for
 *   (blockers, and children of parent items). Done items take no time and are left out; an
 *   item of unknown status (a placeholder) counts as open work rather than vanishing.
 * - A parent item (epic, story with sub-tasks) does no work of its own: it finishes with its
 *   last child. Only `blocks` and `parent` links constrain the schedule.
 * - Durations come from the owning team's history (team-distributions.ts): an estimated item
 *   draws the team's days per point (cycle time ÷ estimate of its finished items) times its own
 *   estimate; any other item draws the team's cycle times; an explicit `durationDays` is the
 *   median, with the team's spread. Never both an estimate and a size-laden cycle time.
 * - An in-progress item draws its total duration conditional on exceeding the working time it
 *   has already spent, and runs for the difference. When a team's history is lead time (its
 *   items never show an in-progress status, so durations run from creation), a not-started item
 *   is conditioned the same way on its age since creation: an open bug a year old is a survivor,
 *   not fresh work. Past everything the team has finished, the
 *   fitted tail continues (old work is the riskiest work, not work about to finish) and the
 *   item is listed in `agedItems`; it still waits for open blockers.
 * - Capacity: each team runs as many items at once as its throughput supports (Little's law),
 *   scaled by the program's share of the team; see team-distributions.ts.
 */
import type { GraphItem, ProgramGraph } from '../graph/graph-types.js';
import { isoToDayNumber } from '../graph/work-calendar.js';
import { orderDependencies } from './dependency-order.js';
import { InsufficientHistoryError } from './forecast-errors.js';
import type { CycleReport } from '../graph/analysis-types.js';
import type { AgedItem, ForecastBasis, LowConfidence } from './forecast-types.js';
import { assignPriorities } from './priority-order.js';
import { TeamDistributions, type TeamDistributionOptions } from './team-distributions.js';
import { createWorkingClock } from './working-time.js';

export const DEFAULT_MIN_FINISHED_ITEMS = 8;

/** How an item's duration is drawn in a trial. */
export const DrawKind = {
  Fixed: 0,
  Sample: 1,
  /** In progress: conditional on the elapsed working time in `value`. */
  Conditional: 2,
} as const;

export interface SimulationModel {
  readonly size: number;
  readonly ids: readonly string[];
  readonly keys: readonly string[];
  readonly teamNames: readonly (string | null)[];
  readonly inScope: Uint8Array;
  readonly kind: Uint8Array;
  /** Fixed duration, or the elapsed working days (Conditional). */
  readonly value: Float64Array;
  /** Multiplies a table draw: the estimate (per-point), a size ratio (explicit duration) or 1. */
  readonly scale: Float64Array;
  /** Distribution (table row) and posterior group per item. */
  readonly dist: Int32Array;
  readonly group: Int32Array;
  readonly distributions: TeamDistributions;
  /** Team slot index, -1 for unlimited parallelism. */
  readonly slot: Int32Array;
  /** Slot capacity of the point estimate (slots of teams without history of their own use it). */
  readonly slotCapacity: Int32Array;
  readonly slotItems: Int32Array;
  readonly successorStart: Int32Array;
  readonly successors: Int32Array;
  readonly indegree: Int32Array;
  /** Scheduling priority, 0 = first (in progress first, then backlog order: priority-order.ts). */
  readonly rank: Int32Array;
  readonly lowConfidence: LowConfidence | null;
  readonly cycles: readonly CycleReport[];
  readonly basis: ForecastBasis;
  readonly agedItems: readonly AgedItem[];
}

export interface SimulationModelOptions extends TeamDistributionOptions {
  readonly minFinishedItems?: number;
}

export function buildSimulationModel(graph: ProgramGraph, options: SimulationModelOptions | number = {}): SimulationModel {
  const settings = typeof options === 'number' ? { minFinishedItems: options } : options;
  const items = simulatedItems(graph);
  const dependencies = orderDependencies(graph, items);
  const parents = dependencies.hasChildren;
  const ids = items.map((item) => item.id);

  const n = items.length;
  const teams = new TeamDistributions(graph.teams, {
    ...settings,
    minFinishedItems: settings.minFinishedItems ?? DEFAULT_MIN_FINISHED_ITEMS,
  });
  const clock = createWorkingClock(graph.calendar, isoToDayNumber(graph.asOf));
  const kind = new Uint8Array(n);
  const value = new Float64Array(n);
  const scale = new Float64Array(n).fill(1);
  const dist = new Int32Array(n).fill(-1);
  const group = new Int32Array(n).fill(-1);
  const slot = new Int32Array(n).fill(-1);
  const missing = new Set<string>();
  const agedItems: AgedItem[] = [];

  items.forEach((item, i) => {
    if (parents[i] === 1) return; // Fixed, zero, unlimited.
    const teamName = item.team;
    const g = teams.groupFor(teamName);
    if (teamName !== null) slot[i] = teams.slotFor(teamName);
    if (g === null) {
      if (item.durationDays != null) {
        value[i] = Math.max(0, item.durationDays);
        return;
      }
      missing.add(teamName ?? '(no team)');
      return;
    }
    const choice = teams.distributionFor(g, item);
    if (choice === null) return; // an explicit zero duration
    group[i] = g;
    dist[i] = choice.dist;
    scale[i] = choice.scale;
    kind[i] = DrawKind.Sample;
    const fromCreation = item.statusCategory === 'todo' && teams.measuresFromCreation(g);
    if (item.statusCategory !== 'in_progress' && !fromCreation) return;
    kind[i] = DrawKind.Conditional;
    const since = fromCreation ? item.createdAt : item.startedAt;
    const elapsed = since ? Math.max(0, -clock.position(new Date(since))) : 0;
    value[i] = elapsed;
    if (fromCreation) return;
    const age = teams.ageOf(choice.dist, elapsed / choice.scale);
    if (age !== 'typical') {
      agedItems.push({ itemId: item.id, key: item.key, team: teamName, elapsedDays: Math.round(elapsed * 10) / 10, beyondHistory: age === 'beyond' });
    }
  });
  if (missing.size > 0) {
    const names = [...missing].sort();
    throw new InsufficientHistoryError(
      `no finished-work history to forecast items of ${names.join(', ')}: provide team history or explicit durations`,
      names,
    );
  }

  const { successorStart, successors, indegree } = dependencies;
  const csr = { successorStart, successors, indegree };
  const inProgress = Uint8Array.from(items, (item) => (item.statusCategory === 'in_progress' ? 1 : 0));
  const slotItems = new Int32Array(teams.slotCount);
  for (const s of slot) if (s >= 0) slotItems[s] = slotItems[s]! + 1;
  return {
    size: n,
    ids,
    keys: items.map((item) => item.key),
    teamNames: items.map((item) => item.team),
    inScope: Uint8Array.from(items, (item) => (item.inScope ? 1 : 0)),
    kind,
    value,
    scale,
    dist,
    group,
    distributions: teams,
    slot,
    slotCapacity: teams.pointCapacities(),
    slotItems,
    ...csr,
    rank: assignPriorities(items, inProgress),
    lowConfidence: teams.lowConfidence(items, parents, agedItems),
    cycles: dependencies.cycles,
    basis: teams.basis(items, parents),
    agedItems,
  };
}

/** In-scope open items and the open items they transitively wait for; all items if none is in scope. */
function simulatedItems(graph: ProgramGraph): GraphItem[] {
  const byId = new Map(graph.items.map((item) => [item.id, item]));
  const waitsFor = new Map<string, string[]>();
  for (const link of graph.links) {
    const [waiter, upstream] = link.kind === 'blocks' ? [link.to, link.from] : link.kind === 'parent' ? [link.from, link.to] : [];
    if (waiter === undefined || upstream === undefined) continue;
    let list = waitsFor.get(waiter);
    if (!list) waitsFor.set(waiter, (list = []));
    list.push(upstream);
  }
  const anyInScope = graph.items.some((item) => item.inScope);
  const keep = new Set<string>();
  const stack = graph.items.filter((item) => (anyInScope ? item.inScope : true) && item.statusCategory !== 'done').map((i) => i.id);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const upstream of waitsFor.get(id) ?? []) {
      const item = byId.get(upstream);
      if (item && item.statusCategory !== 'done' && !keep.has(upstream)) stack.push(upstream);
    }
  }
  return graph.items.filter((item) => keep.has(item.id));
}
