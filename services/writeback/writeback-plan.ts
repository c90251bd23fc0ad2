/**
 * What Seams should say in the trackers after a rebuild, decided from the scoped graph and its
 * CPM analysis plus what was written before. Pure: no I/O, no clock.
 *
 * The set: open items on the critical path, near-critical, or blocking an open item of another
 * team. Each item in the set carries one Seams comment; an item that leaves the set keeps its
 * comment, rewritten to say so. An open item whose open blockers (seen at the previous rebuild)
 * are now all done gets one mention of its assignee.
 */
import type { ItemSchedule, ProgramAnalysis } from '../graph/analysis-types.js';
import type { GraphItem, ProgramGraph } from '../graph/graph-types.js';
import { link, text, type CommentDoc, type Inline, type MentionTarget } from './comment-doc.js';

export interface WritebackProgramInfo {
  readonly name: string;
  readonly title: string;
  /** Absolute URL of the program's dashboard page. */
  readonly dashboardUrl: string;
}

/** What was written for an item before (db/writeback.ts). */
export interface StoredItemState {
  readonly commentId: string | null;
  readonly bodyHash: string | null;
  readonly inSet: boolean;
  readonly label: string | null;
  readonly openBlockers: readonly string[];
}

/** Why an item is in the set. */
export interface SetReason {
  readonly critical: boolean;
  readonly nearCritical: boolean;
  readonly slack: number;
  /** Open items of other teams that depend on this one, soonest need first. */
  readonly blocks: readonly DependentNeed[];
}

export interface DependentNeed {
  readonly key: string;
  readonly url: string | null;
  readonly team: string;
  readonly assignee: string | null;
  /** The dependent's CPM late start: when this item must be done by. */
  readonly neededBy: string | null;
}

export interface StatusCommentPlan {
  readonly itemId: string;
  readonly inSet: boolean;
  readonly doc: CommentDoc;
}

export interface UnblockPlan {
  readonly itemId: string;
  readonly blockers: readonly { readonly key: string; readonly url: string | null }[];
}

export interface WritebackPlan {
  /** Items in the set, and items that left it since their comment was written. */
  readonly comments: readonly StatusCommentPlan[];
  readonly unblocked: readonly UnblockPlan[];
  /** Open blockers to remember per item (only items with blockers now or remembered before). */
  readonly openBlockers: ReadonlyMap<string, readonly string[]>;
}

export interface PlanInput {
  readonly program: WritebackProgramInfo;
  readonly graph: ProgramGraph;
  readonly analysis: ProgramAnalysis;
  readonly stored: ReadonlyMap<string, StoredItemState>;
  /** Items Seams can write to (their source is configured); placeholders never are. */
  readonly writable: (item: GraphItem) => boolean;
  readonly mentionOnUnblock: boolean;
}

const isOpen = (item: GraphItem): boolean => item.statusCategory !== 'done' && !item.placeholder;

export function planWriteback(input: PlanInput): WritebackPlan {
  const { graph, analysis, stored } = input;
  const items = new Map(graph.items.map((i) => [i.id, i]));
  const schedules = new Map<string, ItemSchedule>(analysis.items.map((s) => [s.id, s]));
  const dependents = new Map<string, string[]>();
  const blockers = new Map<string, string[]>();
  for (const l of graph.links) {
    if (l.kind !== 'blocks' || l.from === l.to) continue;
    push(dependents, l.from, l.to);
    push(blockers, l.to, l.from);
  }

  const comments: StatusCommentPlan[] = [];
  const inSet = new Set<string>();
  for (const item of graph.items) {
    if (!isOpen(item) || !input.writable(item)) continue;
    const reason = setReason(item, schedules.get(item.id), dependents.get(item.id) ?? [], items, schedules);
    if (!reason) continue;
    inSet.add(item.id);
    comments.push({ itemId: item.id, inSet: true, doc: statusDoc(input.program, reason) });
  }
  for (const [itemId, state] of stored) {
    if (state.inSet && !inSet.has(itemId)) comments.push({ itemId, inSet: false, doc: leftDoc(input.program) });
  }

  const unblocked: UnblockPlan[] = [];
  const openBlockers = new Map<string, readonly string[]>();
  for (const item of graph.items) {
    const before = stored.get(item.id)?.openBlockers ?? [];
    const all = [...new Set(blockers.get(item.id) ?? [])].sort();
    const open = isOpen(item) ? all.filter((id) => items.get(id)?.statusCategory !== 'done') : [];
    if (open.length > 0 || before.length > 0) openBlockers.set(item.id, open);
    if (input.mentionOnUnblock && isOpen(item) && input.writable(item) && before.length > 0 && open.length === 0 && all.length > 0) {
      unblocked.push({ itemId: item.id, blockers: all.map((id) => ({ key: items.get(id)?.key ?? id, url: items.get(id)?.url ?? null })) });
    }
  }
  // Items gone from the graph (deleted, moved out of scope) have nothing left to wait for.
  for (const [itemId, state] of stored) if (!items.has(itemId) && state.openBlockers.length > 0) openBlockers.set(itemId, []);
  return { comments, unblocked, openBlockers };
}

function setReason(
  item: GraphItem,
  schedule: ItemSchedule | undefined,
  dependentIds: readonly string[],
  items: ReadonlyMap<string, GraphItem>,
  schedules: ReadonlyMap<string, ItemSchedule>,
): SetReason | null {
  const blocks: DependentNeed[] = [];
  for (const id of new Set(dependentIds)) {
    const dep = items.get(id);
    if (!dep || dep.statusCategory === 'done' || dep.team === null || dep.team === item.team) continue;
    blocks.push({
      key: dep.key,
      url: dep.url,
      team: dep.team,
      assignee: dep.assignee,
      neededBy: schedules.get(id)?.lateStartDate ?? dep.dueDate,
    });
  }
  blocks.sort((a, b) => (a.neededBy ?? '9999').localeCompare(b.neededBy ?? '9999') || a.key.localeCompare(b.key));
  const critical = schedule?.critical ?? false;
  const nearCritical = !critical && (schedule?.nearCritical ?? false);
  if (!critical && !nearCritical && blocks.length === 0) return null;
  return { critical, nearCritical, slack: schedule?.slack ?? 0, blocks };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Working days, at most one decimal: CPM slack can be fractional with in-progress work. */
export function workingDays(days: number): string {
  const n = Math.round(Math.max(0, days) * 10) / 10;
  return `${n} working ${n === 1 ? 'day' : 'days'}`;
}

const heading = (program: WritebackProgramInfo): Inline => text(`Seams · ${program.title}`, true);
const footer = (program: WritebackProgramInfo): Inline[] => [
  link(`${program.title} dashboard`, program.dashboardUrl),
  text(' · Seams keeps this comment up to date.'),
];

export function statusDoc(program: WritebackProgramInfo, reason: SetReason): CommentDoc {
  const standing = reason.critical
    ? `this item is on the critical path, slack ${workingDays(reason.slack)}.`
    : reason.nearCritical
      ? `this item is near-critical, slack ${workingDays(reason.slack)}.`
      : `another team is waiting on this item.`;
  const bullets = reason.blocks.map((b): Inline[] => [
    text(`Blocks ${b.team}'s `),
    b.url ? link(b.key, b.url) : text(b.key),
    text(` (${b.assignee ?? 'unassigned'})${b.neededBy ? `, needed by ${b.neededBy}` : ''}.`),
  ]);
  return {
    blocks: [
      { kind: 'paragraph', content: [heading(program), text(`: ${standing}`)] },
      ...(bullets.length > 0 ? [{ kind: 'bullets' as const, items: bullets }] : []),
      { kind: 'paragraph', content: footer(program) },
    ],
  };
}

export function leftDoc(program: WritebackProgramInfo): CommentDoc {
  return {
    blocks: [
      {
        kind: 'paragraph',
        content: [heading(program), text(': this item is no longer on the critical path, near-critical or blocking another team.')],
      },
      { kind: 'paragraph', content: footer(program) },
    ],
  };
}

export function unblockDoc(program: WritebackProgramInfo, plan: UnblockPlan, assignee: MentionTarget | null): CommentDoc {
  const list: Inline[] = plan.blockers.flatMap((b, i) => [...(i > 0 ? [text(', ')] : []), b.url ? link(b.key, b.url) : text(b.key)]);
  const who: Inline[] = assignee
    ? [{ kind: 'mention', target: assignee }, text(', this item can start.')]
    : [text('Nobody is assigned to start it yet.')];
  return {
    blocks: [
      { kind: 'paragraph', content: [heading(program), text(': all blockers are done: '), ...list, text('.')] },
      { kind: 'paragraph', content: who },
    ],
  };
}
