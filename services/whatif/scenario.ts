/**
 * What-if scenarios: edits a TPM wants to try on a program graph (slip, re-estimate, finish, cut,
 * add or remove a dependency, change a team's capacity, move the target). Parsing validates each
 * edit against the graph and names what is wrong; applying returns a new graph and never touches
 * the original, the trackers or anything stored.
 */
import type { ProgramAnalysis } from '../graph/analysis-types.js';
import type { GraphItem, GraphLink, ProgramGraph, TeamProfile } from '../graph/graph-types.js';

export interface Scenario {
  readonly slips: readonly { readonly key: string; readonly days: number }[];
  readonly estimates: readonly { readonly key: string; readonly points: number }[];
  readonly done: readonly string[];
  readonly cut: readonly string[];
  readonly addLinks: readonly { readonly from: string; readonly to: string }[];
  readonly removeLinks: readonly { readonly from: string; readonly to: string }[];
  /** Share of the team's usual capacity, 0 < share ≤ 4 (50% → 0.5). */
  readonly capacity: readonly { readonly team: string; readonly share: number }[];
  readonly target?: string;
}

export const EMPTY_SCENARIO: Scenario = { slips: [], estimates: [], done: [], cut: [], addLinks: [], removeLinks: [], capacity: [] };

/** A scenario edit that cannot apply; `edit` is the option as given (e.g. `--slip PAY-7=+5d`). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly edit: string,
    reason: string,
  ) {
    super(`${edit}: ${reason}`);
  }
}

export interface ScenarioArgs {
  readonly slip?: readonly string[];
  readonly estimate?: readonly string[];
  readonly done?: readonly string[];
  readonly cut?: readonly string[];
  readonly addLink?: readonly string[];
  readonly removeLink?: readonly string[];
  readonly capacity?: readonly string[];
  readonly target?: string;
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Parses command-line style edits (`KEY=+5d`, `KEY=8`, `A>B`, `TEAM=50%`), checking keys and teams against the graph. */
export function parseScenario(args: ScenarioArgs, graph: ProgramGraph): Scenario {
  const keys = new Set(graph.items.map((i) => i.key));
  const teams = new Set(graph.items.map((i) => i.team).filter((t): t is string => t !== null));
  const knownKey = (edit: string, key: string): string => {
    if (!keys.has(key)) throw new ScenarioError(edit, `no item with key "${key}" in program ${graph.program}`);
    return key;
  };
  const pair = (option: string) => (value: string) => {
    const edit = `${option} ${value}`;
    const match = /^([^=]+)=(.+)$/.exec(value);
    if (!match) throw new ScenarioError(edit, 'expected KEY=VALUE');
    return { edit, left: match[1]!.trim(), right: match[2]!.trim() };
  };
  const link = (option: string) => (value: string) => {
    const edit = `${option} ${value}`;
    const match = /^([^>]+)>([^>]+)$/.exec(value);
    if (!match) throw new ScenarioError(edit, 'expected BLOCKER>BLOCKED, e.g. PAY-7>WEB-3');
    return { from: knownKey(edit, match[1]!.trim()), to: knownKey(edit, match[2]!.trim()) };
  };

  const slips = (args.slip ?? []).map(pair('--slip')).map(({ edit, left, right }) => {
    const days = /^\+?(\d+(?:\.\d+)?)d?$/.exec(right);
    if (!days) throw new ScenarioError(edit, 'expected +N or +Nd working days, e.g. PAY-7=+5d');
    return { key: knownKey(edit, left), days: Number(days[1]) };
  });
  const estimates = (args.estimate ?? []).map(pair('--estimate')).map(({ edit, left, right }) => {
    const points = Number(right);
    if (!/^\d+(\.\d+)?$/.test(right) || !Number.isFinite(points)) throw new ScenarioError(edit, 'expected a non-negative estimate, e.g. PAY-7=8');
    return { key: knownKey(edit, left), points };
  });
  const capacity = (args.capacity ?? []).map(pair('--capacity')).map(({ edit, left, right }) => {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(right);
    const share = percent ? Number(percent[1]) / 100 : Number.NaN;
    if (!(share > 0 && share <= 4)) throw new ScenarioError(edit, 'expected a percentage above 0% and at most 400%, e.g. PAY=50%');
    if (!teams.has(left)) throw new ScenarioError(edit, `no team "${left}" in program ${graph.program} (teams: ${[...teams].sort().join(', ')})`);
    return { team: left, share };
  });
  if (args.target !== undefined && !isRealDate(args.target)) throw new ScenarioError(`--target ${args.target}`, 'expected a real date as YYYY-MM-DD');
  return {
    slips,
    estimates,
    done: (args.done ?? []).map((key) => knownKey(`--done ${key}`, key)),
    cut: (args.cut ?? []).map((key) => knownKey(`--cut ${key}`, key)),
    addLinks: (args.addLink ?? []).map(link('--add-link')),
    removeLinks: (args.removeLink ?? []).map(link('--remove-link')),
    capacity,
    ...(args.target !== undefined ? { target: args.target } : {}),
  };
}

/**
 * The graph as it would be under the scenario. `baseline` (the CPM of the unchanged graph)
 * gives the remaining duration a slip adds to.
 */
export function applyScenario(graph: ProgramGraph, scenario: Scenario, baseline: ProgramAnalysis): ProgramGraph {
  const byKey = new Map(graph.items.map((i) => [i.key, i]));
  const idOf = (key: string): string => byKey.get(key)!.id;
  const remaining = new Map(baseline.items.map((s) => [s.id, s.durationDays]));
  const edits = new Map<string, Partial<Mutable<GraphItem>>>();
  const edit = (key: string, change: Partial<Mutable<GraphItem>>) => edits.set(key, { ...edits.get(key), ...change });

  for (const { key, points } of scenario.estimates) edit(key, { estimate: points, durationDays: null });
  for (const { key, days } of scenario.slips) {
    const item = byKey.get(key)!;
    if (item.statusCategory === 'done') throw new ScenarioError(`--slip ${key}=+${days}d`, `${key} is already done`);
    const base = edits.get(key)?.estimate !== undefined ? undefined : remaining.get(item.id);
    edit(key, { durationDays: (base ?? 0) + days });
  }
  const at = `${graph.asOf}T00:00:00.000Z`;
  for (const key of scenario.done) edit(key, { statusCategory: 'done', status: 'Done (what-if)', completedAt: at, durationDays: 0 });
  for (const key of scenario.cut) edit(key, { inScope: false });

  const cutIds = new Set(scenario.cut.map(idOf));
  const items = graph.items.map((item) => {
    const change = edits.get(item.key);
    return change ? { ...item, ...change } : item;
  });
  const removed = new Set(scenario.removeLinks.map((l) => `${idOf(l.from)}>${idOf(l.to)}`));
  for (const l of scenario.removeLinks) {
    if (!graph.links.some((g) => g.kind === 'blocks' && g.from === idOf(l.from) && g.to === idOf(l.to))) {
      throw new ScenarioError(`--remove-link ${l.from}>${l.to}`, `${l.from} does not block ${l.to}`);
    }
  }
  const links: GraphLink[] = [
    // A cut item leaves the program: what it blocked no longer waits on it.
    ...graph.links.filter((l) => !(l.kind === 'blocks' && (removed.has(`${l.from}>${l.to}`) || cutIds.has(l.from)))),
    ...scenario.addLinks.map((l) => ({ from: idOf(l.from), to: idOf(l.to), kind: 'blocks' as const })),
  ];
  // Capacity scales how long the team's work takes (cycle times, days per point) rather than its
  // parallel slots: rounding slots (3 × 50% = 1.5) would not give the share asked for.
  const share = new Map(scenario.capacity.map((c) => [c.team, c.share]));
  const teams = graph.teams.map((t): TeamProfile => {
    const s = share.get(t.team);
    if (s === undefined) return t;
    return {
      ...t,
      cycleTimes: t.cycleTimes.map((c) => c / s),
      daysPerPoint: t.daysPerPoint === null ? null : t.daysPerPoint / s,
      weeklyThroughput: t.weeklyThroughput.map((w) => w * s),
    };
  });
  return { ...graph, items, links, teams, targetDate: scenario.target ?? graph.targetDate };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
