/**
 * Item lists a TPM searches: every item, the blocked ones, the critical path; filtered by status,
 * team, owner, the severity and rule of the risks about them, the team they wait on and free
 * text; sorted by key, finish, slack, downstream impact, team, owner or status. And one item's
 * details: schedule, what it waits on, who waits on it (directly and transitively), its risks.
 * Pure: works on the stored snapshot and register entries.
 */
import { z } from 'zod';
import { NO_TEAM } from '../graph/analysis-types.js';
import type { IsoDate } from '../graph/graph-types.js';
import { SEVERITY_RANK, type Severity } from '../risk/risk-types.js';
import type { ProgramReportInputs, RiskRegisterEntry, SnapshotDownstream, SnapshotItem } from './report-inputs.js';
import { byKey, compareText, indexById, toItemRow, type ItemRow } from './report-items.js';

export const ITEM_LISTS = ['all', 'blocked', 'critical'] as const;
export const ITEM_SORTS = ['key', 'finish', 'slack', 'downstream', 'team', 'owner', 'status'] as const;
export const ITEM_STATUSES = ['todo', 'in_progress', 'done', 'unknown'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export type ItemListName = (typeof ITEM_LISTS)[number];
export type ItemSort = (typeof ITEM_SORTS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `expected one of ${values.join(', ')}` });

/** Query parameters of the item list pages, API and CSV export; empty values mean "any". */
export const itemFilterSchema = z
  .object({
    list: oneOf(ITEM_LISTS).default('all'),
    status: oneOf(ITEM_STATUSES).optional(),
    team: text(200).optional(),
    owner: text(200).optional(),
    severity: oneOf(SEVERITIES).optional(),
    rule: text(100).optional(),
    /** Items waiting on an open item of this team (a team-matrix cell: team waits on waitsOn). */
    waitsOn: text(200).optional(),
    q: text(200).optional(),
    sort: oneOf(ITEM_SORTS).optional(),
  })
  .strict();

export type ItemFilter = z.infer<typeof itemFilterSchema>;

export interface ItemRisk {
  readonly identity: string;
  /** Register id, when the register workflow knows the risk. */
  readonly id: number | null;
  readonly title: string;
  readonly rule: string;
  readonly severity: Severity;
}

export interface ItemListRow extends ItemRow {
  /** Open items it waits on directly. */
  readonly blockers: readonly Pick<ItemRow, 'id' | 'key' | 'team' | 'url'>[];
  readonly downstream: SnapshotDownstream | null;
  /** Unresolved risks about it, most severe first. */
  readonly risks: readonly ItemRisk[];
  /** The highest severity of those risks. */
  readonly severity: Severity | null;
}

export interface ItemDetail {
  readonly item: ItemListRow;
  readonly dueDate: IsoDate | null;
  readonly placeholder: boolean;
  /** Open items that wait on it directly. */
  readonly waitedOnBy: readonly Pick<ItemRow, 'id' | 'key' | 'team' | 'url' | 'title'>[];
  /** The item the earliest threatened target belongs to (null: the program target). */
  readonly targetItem: Pick<ItemRow, 'id' | 'key' | 'url' | 'title'> | null;
  readonly onCriticalPath: boolean;
}

const lower = (value: string | null | undefined) => (value ?? '').toLocaleLowerCase('en');

function risksByItem(risks: readonly RiskRegisterEntry[]): Map<string, ItemRisk[]> {
  const byItem = new Map<string, ItemRisk[]>();
  for (const risk of risks) {
    if (risk.resolvedAt !== null || risk.status === 'resolved' || risk.review?.status === 'closed') continue;
    const entry: ItemRisk = { identity: risk.identity, id: risk.review?.id ?? null, title: risk.title, rule: risk.rule, severity: risk.severity };
    for (const id of risk.subjectIds) byItem.set(id, [...(byItem.get(id) ?? []), entry]);
  }
  for (const list of byItem.values()) list.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareText(a.title, b.title));
  return byItem;
}

function rowOf(item: SnapshotItem, byId: ReadonlyMap<string, SnapshotItem>, risks: ReadonlyMap<string, ItemRisk[]>): ItemListRow {
  const itemRisks = risks.get(item.id) ?? [];
  return {
    ...toItemRow(item),
    blockers: item.blockedBy.flatMap((id) => {
      const blocker = byId.get(id);
      return blocker ? [{ id: blocker.id, key: blocker.key, team: blocker.team, url: toItemRow(blocker).url }] : [];
    }),
    downstream: item.downstream ?? null,
    risks: itemRisks,
    severity: itemRisks[0]?.severity ?? null,
  };
}

const STATUS_ORDER: Readonly<Record<string, number>> = { in_progress: 0, todo: 1, unknown: 2, done: 3 };

function comparator(sort: ItemSort): (a: ItemListRow, b: ItemListRow) => number {
  const downstream = (r: ItemListRow) => r.downstream?.items ?? 0;
  switch (sort) {
    case 'key':
      return byKey;
    case 'finish':
      return (a, b) => a.finishDate.localeCompare(b.finishDate) || a.slack - b.slack || byKey(a, b);
    case 'slack':
      return (a, b) => a.slack - b.slack || a.finishDate.localeCompare(b.finishDate) || byKey(a, b);
    case 'downstream':
      return (a, b) => downstream(b) - downstream(a) || a.slack - b.slack || byKey(a, b);
    case 'team':
      return (a, b) => compareText(a.team ?? NO_TEAM, b.team ?? NO_TEAM) || byKey(a, b);
    case 'owner':
      return (a, b) => compareText(a.owner ?? '~', b.owner ?? '~') || byKey(a, b);
    case 'status':
      return (a, b) => (STATUS_ORDER[a.statusCategory] ?? 9) - (STATUS_ORDER[b.statusCategory] ?? 9) || byKey(a, b);
  }
}

/** The default order of each list: the critical path in schedule order, blocked work by what waits on it. */
export function defaultSort(list: ItemListName): ItemSort {
  return list === 'critical' ? 'finish' : list === 'blocked' ? 'downstream' : 'key';
}

export function listItems(inputs: Pick<ProgramReportInputs, 'current' | 'risks'>, filter: ItemFilter): ItemListRow[] {
  const { current } = inputs;
  const byId = indexById(current.items);
  const risks = risksByItem(inputs.risks);
  const onPath = new Set(current.analysis.criticalPath);
  const needle = filter.q ? lower(filter.q) : null;
  const team = filter.team ? lower(filter.team) : null;
  const owner = filter.owner ? lower(filter.owner) : null;
  const waitsOn = filter.waitsOn ? lower(filter.waitsOn) : null;
  const rows: ItemListRow[] = [];
  for (const item of current.items) {
    if (filter.list === 'blocked' && (item.statusCategory === 'done' || item.blockedBy.length === 0)) continue;
    if (filter.list === 'critical' && !onPath.has(item.id)) continue;
    if (filter.status && item.statusCategory !== filter.status) continue;
    if (team !== null && lower(item.team ?? NO_TEAM) !== team) continue;
    if (owner !== null && lower(item.assignee) !== owner) continue;
    if (waitsOn !== null && !item.blockedBy.some((id) => lower(byId.get(id)?.team ?? NO_TEAM) === waitsOn)) continue;
    const row = rowOf(item, byId, risks);
    if (filter.severity && row.severity !== filter.severity) continue;
    if (filter.rule && !row.risks.some((r) => r.rule === filter.rule)) continue;
    if (needle !== null && ![item.key, item.title, item.team, item.assignee, item.status].some((f) => lower(f).includes(needle))) continue;
    rows.push(row);
  }
  return rows.sort(comparator(filter.sort ?? defaultSort(filter.list)));
}

/** Values the filter form offers, from every item of the snapshot. */
export function itemFilterChoices(inputs: Pick<ProgramReportInputs, 'current' | 'risks'>) {
  const distinct = (values: Iterable<string | null>) => [...new Set([...values].filter((v): v is string => v !== null))].sort(compareText);
  return {
    teams: distinct(inputs.current.items.map((i) => i.team)),
    owners: distinct(inputs.current.items.map((i) => i.assignee)),
    rules: distinct(inputs.risks.map((r) => r.rule)),
  };
}

/** One item by key (case-insensitive) or id; null when the snapshot has no such item. */
export function itemDetail(inputs: Pick<ProgramReportInputs, 'current' | 'risks'>, keyOrId: string): ItemDetail | null {
  const { current } = inputs;
  const wanted = lower(keyOrId);
  const item = current.items.find((i) => lower(i.key) === wanted) ?? current.items.find((i) => i.id === keyOrId);
  if (!item) return null;
  const byId = indexById(current.items);
  const waitedOnBy = current.items
    .filter((other) => other.blockedBy.includes(item.id))
    .map((other) => ({ id: other.id, key: other.key, team: other.team, url: toItemRow(other).url, title: other.title }))
    .sort(byKey);
  const targetId = item.downstream?.target?.itemId ?? null;
  const target = targetId === null ? undefined : byId.get(targetId);
  return {
    item: rowOf(item, byId, risksByItem(inputs.risks)),
    dueDate: item.dueDate,
    placeholder: item.placeholder,
    waitedOnBy,
    targetItem: target ? { id: target.id, key: target.key, url: toItemRow(target).url, title: target.title } : null,
    onCriticalPath: current.analysis.criticalPath.includes(item.id),
  };
}

/** The filtered list as CSV rows (see csv-exports.ts for quoting). */
export function itemListCsvRows(rows: readonly ItemListRow[]): { header: string[]; rows: (string | number | boolean | null)[][] } {
  return {
    header: ['key', 'title', 'team', 'owner', 'status', 'critical', 'slack_days', 'finish_date', 'blocked_by', 'waiting_items', 'waiting_teams', 'earliest_target', 'risk_severity', 'url'],
    rows: rows.map((r) => [
      r.key, r.title, r.team, r.owner, r.status, r.critical, r.slack, r.finishDate, r.blockers.map((b) => b.key).join('; '),
      r.downstream?.items ?? null, r.downstream?.teams.join('; ') ?? null, r.downstream?.target?.date ?? null, r.severity, r.url,
    ]),
  };
}
