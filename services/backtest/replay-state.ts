/**
 * Rebuilds what was known at a past instant from stored history: the items that existed, their
 * status, estimate, fix versions and links then, and the team history (work finished before
 * that instant). Nothing after `at` is read, so a backtest cannot see the future. Pure.
 */
import type { StatusCategory } from '../connectors/connector-types.js';
import type { FinishedItem } from '../forecast/team-history.js';
import type { GraphItem, GraphLink } from '../graph/graph-types.js';
import type { BacktestHistory, ItemHistory } from './backtest-types.js';

/** An item as it stood at the replayed instant, with what scope selection needs. */
export interface ReplayedItem {
  readonly item: GraphItem;
  readonly fixVersions: ReadonlySet<string>;
  readonly epic: string | null;
}

export interface ReplayedState {
  readonly items: readonly ReplayedItem[];
  readonly links: readonly GraphLink[];
  /** Finished work known at the instant: what team profiles are built from. */
  readonly finished: readonly FinishedItem[];
}

export function replayStateAt(history: BacktestHistory, at: Date): ReplayedState {
  const t = at.getTime();
  const items: ReplayedItem[] = [];
  const finished: FinishedItem[] = [];
  const existing = new Set<string>();
  for (const h of history.items) {
    if (h.createdAt.getTime() >= t) continue;
    existing.add(h.id);
    const state = itemStateAt(h, t);
    const item: GraphItem = {
      id: h.id,
      key: h.key,
      title: h.title,
      url: null,
      source: null,
      team: h.team,
      assignee: null,
      status: state.status,
      statusCategory: state.category,
      estimate: state.estimate,
      dueDate: null,
      createdAt: h.createdAt.toISOString(),
      startedAt: state.startedAt?.toISOString() ?? null,
      completedAt: state.completedAt?.toISOString() ?? null,
      updatedAt: state.updatedAt.toISOString(),
      inScope: false,
      placeholder: false,
    };
    items.push({ item, fixVersions: fixVersionsAt(h, t), epic: h.epic });
    if (state.category === 'done' && state.completedAt && h.team !== null) {
      // The same start rule as db/transitions.ts loadFinishedHistory: first move into progress, else creation.
      finished.push({ team: h.team, startedAt: state.startedAt ?? h.createdAt, finishedAt: state.completedAt, estimate: state.estimate, fromCreation: state.startedAt === null });
    }
  }
  const links: GraphLink[] = history.links
    .filter((l) => (l.addedAt === null || l.addedAt.getTime() < t) && existing.has(l.from) && existing.has(l.to))
    .map((l) => ({ from: l.from, to: l.to, kind: l.kind }));
  return { items, links, finished };
}

interface ItemState {
  readonly status: string;
  readonly category: StatusCategory;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  readonly estimate: number | null;
  readonly updatedAt: Date;
}

function itemStateAt(h: ItemHistory, t: number): ItemState {
  let status = h.initialStatus;
  let category = h.initialCategory;
  let startedAt: Date | null = null;
  let doneAt: Date | null = null;
  let updatedAt = h.createdAt;
  for (const change of h.statusChanges) {
    if (change.at.getTime() >= t) break;
    status = change.toStatus;
    category = change.toCategory;
    updatedAt = change.at;
    if (category === 'in_progress' && startedAt === null) startedAt = change.at;
    if (category === 'done') doneAt = change.at;
  }
  return { status, category, startedAt, completedAt: category === 'done' ? doneAt : null, estimate: estimateAt(h, t), updatedAt };
}

/** The item's status category just before `t`. */
export function categoryAt(h: ItemHistory, t: number): StatusCategory {
  let category = h.initialCategory;
  for (const change of h.statusChanges) {
    if (change.at.getTime() >= t) break;
    category = change.toCategory;
  }
  return category;
}

/** The current estimate with every later change undone: the value before the first change after `t`. */
function estimateAt(h: ItemHistory, t: number): number | null {
  const next = h.fieldChanges.find((c) => c.field === 'estimate' && c.at.getTime() >= t);
  if (!next) return h.estimate;
  const value = next.from === null || next.from.trim() === '' ? NaN : Number(next.from);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** Current fix versions with every later change undone, newest first. */
export function fixVersionsAt(h: ItemHistory, t: number): Set<string> {
  const versions = new Set(h.fixVersions);
  const later = h.fieldChanges.filter((c) => c.field === 'fixVersion' && c.at.getTime() >= t);
  for (let i = later.length - 1; i >= 0; i--) {
    const change = later[i]!;
    if (change.to !== null) versions.delete(change.to);
    if (change.from !== null) versions.add(change.from);
  }
  return versions;
}
