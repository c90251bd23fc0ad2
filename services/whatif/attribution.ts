/**
 * Why did the date move? Between two program graphs (two rebuilds, two weekly snapshots) the
 * differences are applied one at a time on the engine, with the same seed, and each one's effect
 * on the CPM finish and on P85 is its contribution in working days. Applied in sequence, the
 * contributions add up to the whole move; what the steps cannot reproduce is reported as residual.
 */
import type { GraphItem, GraphLink, IsoDate, ProgramGraph, TeamProfile } from '../graph/graph-types.js';
import { isoToDayNumber, WorkingDays } from '../graph/work-calendar.js';
import { runEngine, type EngineSettings } from './compare-scenario.js';

export type CauseKind = 'target' | 'team-history' | 'link-added' | 'link-removed' | 'item-added' | 'item-removed' | 'item-changed' | 'time-passed';

export interface Cause {
  readonly kind: CauseKind;
  /** "DATA-23 re-estimated 3 → 8 points", "new link MOB-31 → MOB-27". */
  readonly text: string;
  /** Working days this cause moved the CPM finish (positive: later). */
  readonly finishDays: number;
  /** Working days it moved P85; null without a forecast on either side. */
  readonly p85Days: number | null;
}

export interface Attribution {
  readonly finish: { readonly before: IsoDate; readonly after: IsoDate; readonly days: number };
  readonly p85: { readonly before: IsoDate; readonly after: IsoDate; readonly days: number } | null;
  /** Non-zero causes, largest effect first. */
  readonly causes: readonly Cause[];
  /** Total move minus the sum of the causes (changes not modelled step by step, rounding). */
  readonly residual: { readonly finishDays: number; readonly p85Days: number | null };
}

interface Step {
  readonly kind: CauseKind;
  readonly text: string;
  apply(graph: ProgramGraph): ProgramGraph;
}

const linkId = (l: GraphLink) => `${l.kind}:${l.from}>${l.to}`;

function describeItemChange(before: GraphItem, after: GraphItem): string {
  const parts: string[] = [];
  // Finishing zeroes what remains; saying so again would only repeat "done".
  const finished = after.statusCategory === 'done' && before.statusCategory !== 'done';
  if (!finished && before.estimate !== after.estimate) parts.push(`re-estimated ${before.estimate ?? 'none'} → ${after.estimate ?? 'none'} points`);
  if (!finished && (before.durationDays ?? null) !== (after.durationDays ?? null)) {
    parts.push(`remaining ${before.durationDays ?? '?'} → ${after.durationDays ?? '?'} days`);
  }
  if (before.statusCategory !== after.statusCategory) {
    const verb =
      after.statusCategory === 'done' ? 'done' : before.statusCategory === 'done' ? 'reopened' : after.statusCategory === 'in_progress' ? 'started' : 'moved back to to-do';
    parts.push(verb);
  }
  if (before.inScope !== after.inScope) parts.push(after.inScope ? 'added to scope' : 'cut from scope');
  if (before.team !== after.team) parts.push(`moved ${before.team ?? 'no team'} → ${after.team ?? 'no team'}`);
  return `${after.key} ${parts.length > 0 ? parts.join(', ') : 'changed'}`;
}

const SIGNIFICANT_ITEM_FIELDS = ['estimate', 'durationDays', 'statusCategory', 'inScope', 'team', 'startedAt', 'completedAt', 'placeholder'] as const;

function teamChanged(a: TeamProfile | undefined, b: TeamProfile | undefined): boolean {
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

/** The differences from `before` to `after`, in the order they are applied. */
function steps(before: ProgramGraph, after: ProgramGraph): Step[] {
  const out: Step[] = [];
  const keyOf = new Map([...before.items, ...after.items].map((i) => [i.id, i.key]));
  const name = (id: string) => keyOf.get(id) ?? id;

  if (before.targetDate !== after.targetDate) {
    out.push({ kind: 'target', text: `target moved ${before.targetDate ?? 'none'} → ${after.targetDate ?? 'none'}`, apply: (g) => ({ ...g, targetDate: after.targetDate }) });
  }
  const beforeTeams = new Map(before.teams.map((t) => [t.team, t]));
  const afterTeams = new Map(after.teams.map((t) => [t.team, t]));
  for (const team of [...new Set([...beforeTeams.keys(), ...afterTeams.keys()])].sort()) {
    const next = afterTeams.get(team);
    if (!teamChanged(beforeTeams.get(team), next)) continue;
    out.push({
      kind: 'team-history',
      text: `${team}'s history changed`,
      apply: (g) => ({ ...g, teams: next ? [...g.teams.filter((t) => t.team !== team), next] : g.teams.filter((t) => t.team !== team) }),
    });
  }

  const afterItems = new Map(after.items.map((i) => [i.id, i]));
  const beforeItems = new Map(before.items.map((i) => [i.id, i]));
  for (const item of before.items) {
    if (afterItems.has(item.id)) continue;
    out.push({ kind: 'item-removed', text: `${item.key} left the program`, apply: (g) => ({ ...g, items: g.items.filter((i) => i.id !== item.id) }) });
  }
  for (const item of after.items) {
    const old = beforeItems.get(item.id);
    if (!old) {
      out.push({ kind: 'item-added', text: `${item.key} added`, apply: (g) => ({ ...g, items: [...g.items, item] }) });
    } else if (SIGNIFICANT_ITEM_FIELDS.some((f) => (old[f] ?? null) !== (item[f] ?? null))) {
      out.push({ kind: 'item-changed', text: describeItemChange(old, item), apply: (g) => ({ ...g, items: g.items.map((i) => (i.id === item.id ? item : i)) }) });
    }
  }

  const beforeLinks = new Map(before.links.map((l) => [linkId(l), l]));
  const afterLinks = new Map(after.links.map((l) => [linkId(l), l]));
  for (const [id, link] of beforeLinks) {
    if (afterLinks.has(id)) continue;
    out.push({ kind: 'link-removed', text: `link ${name(link.from)} → ${name(link.to)} removed`, apply: (g) => ({ ...g, links: g.links.filter((l) => linkId(l) !== id) }) });
  }
  for (const [id, link] of afterLinks) {
    if (beforeLinks.has(id)) continue;
    out.push({ kind: 'link-added', text: `new link ${name(link.from)} → ${name(link.to)}`, apply: (g) => ({ ...g, links: [...g.links, link] }) });
  }

  if (before.asOf !== after.asOf) {
    // Last: what is left is the calendar moving on (remaining work now counts from a later day).
    out.push({ kind: 'time-passed', text: `time passed (${before.asOf} → ${after.asOf})`, apply: (g) => ({ ...g, asOf: after.asOf, calendar: after.calendar }) });
  }
  return out;
}

export interface AttributionOptions extends EngineSettings {
  /** Steps evaluated one by one; beyond it the smallest (by CPM effect) are applied together as "other changes". */
  readonly maxSteps?: number;
}

export function attributeChange(before: ProgramGraph, after: ProgramGraph, options: AttributionOptions = {}): Attribution {
  const days = new WorkingDays(before.calendar);
  const origin = isoToDayNumber(before.asOf);
  const position = (date: IsoDate) => days.workingDaysBetween(origin, isoToDayNumber(date));
  const measure = (graph: ProgramGraph) => {
    const run = runEngine(graph, options);
    return { finish: run.analysis.finishDate, p85: run.forecast?.p85 ?? null };
  };

  const all = steps(before, after);
  const maxSteps = options.maxSteps ?? 60;
  const ordered = all.length <= maxSteps ? all : groupSmallest(before, all, maxSteps, position, options);

  const start = measure(before);
  const causes: Cause[] = [];
  let graph = before;
  let previous = start;
  for (const step of ordered) {
    graph = step.apply(graph);
    const current = measure(graph);
    causes.push({
      kind: step.kind,
      text: step.text,
      finishDays: position(current.finish) - position(previous.finish),
      p85Days: current.p85 !== null && previous.p85 !== null ? position(current.p85) - position(previous.p85) : null,
    });
    previous = current;
  }
  const end = measure(after);
  const finishTotal = position(end.finish) - position(start.finish);
  const p85Total = end.p85 !== null && start.p85 !== null ? position(end.p85) - position(start.p85) : null;
  const sum = (pick: (c: Cause) => number | null) => causes.reduce((s, c) => s + (pick(c) ?? 0), 0);
  return {
    finish: { before: start.finish, after: end.finish, days: finishTotal },
    p85: p85Total === null ? null : { before: start.p85!, after: end.p85!, days: p85Total },
    causes: causes
      .filter((c) => c.finishDays !== 0 || (c.p85Days ?? 0) !== 0)
      .sort((a, b) => Math.max(Math.abs(b.finishDays), Math.abs(b.p85Days ?? 0)) - Math.max(Math.abs(a.finishDays), Math.abs(a.p85Days ?? 0))),
    residual: { finishDays: finishTotal - sum((c) => c.finishDays), p85Days: p85Total === null ? null : p85Total - sum((c) => c.p85Days) },
  };
}

/** Keeps the `max - 1` steps with the largest CPM effect alone and merges the rest into one step. */
function groupSmallest(
  before: ProgramGraph,
  all: readonly Step[],
  max: number,
  position: (date: IsoDate) => number,
  options: EngineSettings,
): Step[] {
  const base = position(runEngine(before, { ...options, trials: 1 }).analysis.finishDate);
  const effect = all.map((step) => Math.abs(position(runEngine(step.apply(before), { ...options, trials: 1 }).analysis.finishDate) - base));
  const order = all.map((_, i) => i).sort((a, b) => effect[b]! - effect[a]!);
  const keep = new Set(order.slice(0, max - 1));
  const rest = all.filter((_, i) => !keep.has(i));
  return [
    ...all.filter((_, i) => keep.has(i)),
    { kind: 'item-changed', text: `${rest.length} other changes`, apply: (g) => rest.reduce((acc, s) => s.apply(acc), g) },
  ];
}
