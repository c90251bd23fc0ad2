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
 * - Durations bootstrap the owning team's cycle times, scaled by the item's size relative to the
 *   team's median item (explicit `durationDays`, else estimate × days-per-point). An in-progress
 *   item draws only from cycle times longer than its elapsed working days, minus those days;
 *   it still waits for open blockers (the link says it cannot finish before them).
 * - Sparse teams (fewer than `minFinishedItems` finished items) and items without a known team
 *   sample the pooled history of all teams and are reported as low confidence.
 */
import type { GraphItem, ProgramGraph, TeamProfile } from '../graph/graph-types.js';
import { WorkingDays, isoDateInZone, isoToDayNumber } from '../graph/work-calendar.js';
import { orderDependencies } from './dependency-order.js';
import { InsufficientHistoryError } from './forecast-errors.js';
import type { CycleReport } from '../graph/analysis-types.js';
import type { LowConfidence } from './forecast-types.js';
import { median, upperBound } from './stats.js';
import { assignPriorities } from './priority-order.js';

export const DEFAULT_MIN_FINISHED_ITEMS = 8;
export const MIN_REMAINING_DAYS = 0.5;
/** Share of a distribution treated as its tail when an item has outlived every observation. */
const TAIL_SHARE = 0.1;

/** How an item's duration is drawn in a trial. */
export const DrawKind = {
  Fixed: 0,
  Sample: 1,
  /** In progress: conditional on the elapsed working days. */
  Conditional: 2,
  /** In progress beyond the whole history: excess over the distribution's tail threshold. */
  Tail: 3,
} as const;

export interface SimulationModel {
  readonly size: number;
  readonly ids: readonly string[];
  readonly keys: readonly string[];
  readonly teamNames: readonly (string | null)[];
  readonly inScope: Uint8Array;
  readonly kind: Uint8Array;
  /** Fixed duration, or the elapsed days (Conditional) / tail threshold (Tail). */
  readonly value: Float64Array;
  readonly scale: Float64Array;
  /** Range of `samples` to draw from: [drawFrom, drawTo). */
  readonly drawFrom: Int32Array;
  readonly drawTo: Int32Array;
  readonly samples: Float64Array;
  /** Team slot index, -1 for unlimited parallelism. */
  readonly slot: Int32Array;
  readonly slotCapacity: Int32Array;
  readonly slotItems: Int32Array;
  readonly successorStart: Int32Array;
  readonly successors: Int32Array;
  readonly indegree: Int32Array;
  /** Scheduling priority, 0 = first (in-progress first, then least latest start). */
  readonly rank: Int32Array;
  readonly lowConfidence: LowConfidence | null;
  readonly cycles: readonly CycleReport[];
}

export function buildSimulationModel(graph: ProgramGraph, minFinishedItems = DEFAULT_MIN_FINISHED_ITEMS): SimulationModel {
  const items = simulatedItems(graph);
  const dependencies = orderDependencies(graph, items);
  const parents = dependencies.hasChildren;
  const ids = items.map((item) => item.id);

  const n = items.length;
  const history = new HistoryTable(graph.teams, minFinishedItems);
  const workingDays = new WorkingDays(graph.calendar);
  const asOfDay = isoToDayNumber(graph.asOf);
  const kind = new Uint8Array(n);
  const value = new Float64Array(n);
  const scale = new Float64Array(n).fill(1);
  const drawFrom = new Int32Array(n);
  const drawTo = new Int32Array(n);
  const slot = new Int32Array(n).fill(-1);
  const missing = new Set<string>();

  items.forEach((item, i) => {
    if (parents[i] === 1) return; // Fixed, zero, unlimited.
    const teamName = item.team;
    const dist = history.distributionFor(teamName);
    if (teamName !== null) slot[i] = history.slotFor(teamName);
    const size = dist ? relativeSize(item, dist) : null;
    if (!dist) {
      if (item.durationDays != null) {
        value[i] = Math.max(0, item.durationDays);
        return;
      }
      missing.add(teamName ?? '(no team)');
      return;
    }
    if (size === 0) return;
    scale[i] = size ?? 1;
    drawFrom[i] = dist.from;
    drawTo[i] = dist.to;
    kind[i] = DrawKind.Sample;
    const elapsed = item.statusCategory === 'in_progress' && item.startedAt ? elapsedDays(item.startedAt) : 0;
    if (elapsed <= 0) return;
    value[i] = elapsed;
    const first = upperBound(history.samples, dist.from, dist.to, elapsed / scale[i]!);
    if (first < dist.to) {
      kind[i] = DrawKind.Conditional;
      drawFrom[i] = first;
    } else {
      kind[i] = DrawKind.Tail;
      drawFrom[i] = Math.min(dist.to - 1, dist.from + Math.floor((dist.to - dist.from) * (1 - TAIL_SHARE)));
      value[i] = history.samples[drawFrom[i]!]!;
    }
  });
  if (missing.size > 0) {
    const teams = [...missing].sort();
    throw new InsufficientHistoryError(
      `no finished-work history to forecast items of ${teams.join(', ')}: provide team history or explicit durations`,
      teams,
    );
  }

  const csr = toCsr(n, dependencies.edges);
  const expected = expectedDurations(kind, value, scale, drawFrom, drawTo, history.samples);
  const inProgress = Uint8Array.from(items, (item) => (item.statusCategory === 'in_progress' ? 1 : 0));
  const slotItems = new Int32Array(history.slotCount);
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
    drawFrom,
    drawTo,
    samples: history.samples,
    slot,
    slotCapacity: history.slotCapacities(),
    slotItems,
    ...csr,
    rank: assignPriorities(dependencies.order, csr, expected, inProgress),
    lowConfidence: history.lowConfidence(items, parents),
    cycles: dependencies.cycles,
  };

  function elapsedDays(startedAt: string): number {
    const startDay = isoToDayNumber(isoDateInZone(new Date(startedAt), graph.calendar.timezone));
    return Math.max(0, workingDays.workingDaysBetween(startDay, asOfDay));
  }
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

/** Size of an item relative to the team's median finished item; null = typical size. */
function relativeSize(item: GraphItem, dist: Distribution): number | null {
  if (item.durationDays != null) return Math.max(0, item.durationDays) / dist.median;
  if (item.estimate != null && item.estimate > 0 && dist.daysPerPoint !== null) return (item.estimate * dist.daysPerPoint) / dist.median;
  return null;
}

function toCsr(n: number, edges: readonly (readonly [number, number])[]) {
  const successorStart = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  for (const [from, to] of edges) {
    successorStart[from + 1] = successorStart[from + 1]! + 1;
    indegree[to] = indegree[to]! + 1;
  }
  for (let i = 0; i < n; i++) successorStart[i + 1] = successorStart[i + 1]! + successorStart[i]!;
  const successors = new Int32Array(edges.length);
  const fill = successorStart.slice(0, n);
  for (const [from, to] of edges) successors[fill[from]!++] = to;
  return { successorStart, successors, indegree };
}

/** Median duration per item, for the deterministic priority order only. */
function expectedDurations(
  kind: Uint8Array,
  value: Float64Array,
  scale: Float64Array,
  from: Int32Array,
  to: Int32Array,
  samples: Float64Array,
): Float64Array {
  const out = new Float64Array(kind.length);
  for (let i = 0; i < kind.length; i++) {
    const mid = samples[(from[i]! + to[i]!) >>> 1] ?? 0;
    if (kind[i] === DrawKind.Fixed) out[i] = value[i]!;
    else if (kind[i] === DrawKind.Sample) out[i] = mid * scale[i]!;
    else if (kind[i] === DrawKind.Conditional) out[i] = mid * scale[i]! - value[i]!;
    else out[i] = Math.max(MIN_REMAINING_DAYS, (mid - value[i]!) * scale[i]!);
  }
  return out;
}

interface Distribution {
  readonly from: number;
  readonly to: number;
  readonly median: number;
  readonly daysPerPoint: number | null;
}

/** Team distributions laid out in one sorted sample buffer, plus the pooled one. */
class HistoryTable {
  readonly samples: Float64Array;
  private readonly teams = new Map<string, { readonly dist: Distribution; readonly sparse: boolean; readonly wip: number }>();
  private readonly pooled: Distribution | null;
  private readonly slots = new Map<string, number>();
  private readonly capacities: number[] = [];
  private readonly defaultWip: number;

  constructor(profiles: readonly TeamProfile[], private readonly minFinished: number) {
    const pooledValues = profiles.flatMap((p) => p.cycleTimes).filter((v) => Number.isFinite(v) && v > 0);
    const buffers: number[] = [];
    const place = (values: readonly number[], daysPerPoint: number | null): Distribution => {
      const sorted = [...values].sort((a, b) => a - b);
      const from = buffers.length;
      buffers.push(...sorted);
      return { from, to: buffers.length, median: median(sorted), daysPerPoint };
    };
    const ratios = profiles.flatMap((p) => (p.daysPerPoint !== null && p.daysPerPoint > 0 ? [p.daysPerPoint] : []));
    this.pooled = pooledValues.length > 0 ? place(pooledValues, ratios.length > 0 ? median(ratios) : null) : null;
    for (const profile of [...profiles].sort((a, b) => (a.team < b.team ? -1 : 1))) {
      const own = profile.cycleTimes.filter((v) => Number.isFinite(v) && v > 0);
      const sparse = own.length < minFinished;
      const dist = sparse ? this.pooled : place(own, profile.daysPerPoint);
      if (dist) this.teams.set(profile.team, { dist, sparse, wip: Math.max(1, Math.round(profile.wipLimit)) });
    }
    this.samples = Float64Array.from(buffers);
    this.defaultWip = profiles.length > 0 ? Math.max(1, Math.round(median(profiles.map((p) => p.wipLimit)))) : 1;
  }

  distributionFor(team: string | null): Distribution | null {
    return (team !== null ? this.teams.get(team)?.dist : undefined) ?? this.pooled;
  }

  slotFor(team: string): number {
    let slot = this.slots.get(team);
    if (slot === undefined) {
      slot = this.capacities.length;
      this.slots.set(team, slot);
      // A team without a profile gets the typical team's parallelism, not unlimited.
      this.capacities.push(this.teams.get(team)?.wip ?? this.defaultWip);
    }
    return slot;
  }

  get slotCount(): number {
    return this.capacities.length;
  }

  slotCapacities(): Int32Array {
    return Int32Array.from(this.capacities);
  }

  lowConfidence(items: readonly GraphItem[], parents: Uint8Array): LowConfidence | null {
    const sparse = new Set<string>();
    const unknown = new Set<string>();
    let unassigned = 0;
    items.forEach((item, i) => {
      if (parents[i] === 1) return;
      if (item.team === null) unassigned++;
      else if (!this.teams.has(item.team)) unknown.add(item.team);
      else if (this.teams.get(item.team)?.sparse) sparse.add(item.team);
    });
    if (sparse.size + unknown.size + unassigned === 0) return null;
    const reasons: string[] = [];
    if (sparse.size > 0) reasons.push(`fewer than ${this.minFinished} finished items in the history window for ${[...sparse].sort().join(', ')}`);
    if (unknown.size > 0) reasons.push(`no history at all for ${[...unknown].sort().join(', ')}`);
    if (unassigned > 0) reasons.push(`${unassigned} open item${unassigned === 1 ? '' : 's'} without a team`);
    const suffix = this.pooled ? '; pooled history of all teams used instead' : '; explicit durations used without variation';
    return { teams: [...new Set([...sparse, ...unknown])].sort(), reason: reasons.join('; ') + suffix };
  }
}
