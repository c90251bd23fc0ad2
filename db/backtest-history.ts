/**
 * Loads the stored history a backtest replays: every synced item with its status transitions,
 * the scope/size/link changes the Jira connector keeps in `raw.fieldHistory`, its current fix
 * versions (with release dates) and the dependency links. Versions are named `<project> <name>`
 * because Jira version names are only unique within a project.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { StatusCategory } from '../services/connectors/connector-types.js';
import type { BacktestHistory, FieldChange, ItemHistory, LinkHistory, ReleaseInfo, StatusChange } from '../services/backtest/backtest-types.js';
import type { Database } from './database-types.js';

const fixVersionsSchema = z.array(z.object({ name: z.string(), released: z.boolean().optional(), releaseDate: z.string().optional() }).loose());
const fieldHistorySchema = z.array(
  z.object({ at: z.string(), field: z.enum(['fixVersion', 'estimate', 'link']), from: z.string().nullable(), to: z.string().nullable() }),
);

export interface StoredHistory {
  readonly history: BacktestHistory;
  /** Keys of items in progress or done with no status transition stored: their start is unknown. */
  readonly missingHistory: ReadonlySet<string>;
  /** The newest change stored: work still open then has no known finish. */
  readonly dataEnd: Date;
}

export const versionLabel = (project: string | null, name: string): string => (project ? `${project} ${name}` : name);

export async function loadBacktestHistory(db: Kysely<Database>): Promise<StoredHistory> {
  const rows = await db
    .selectFrom('work_items as w')
    .innerJoin('sources as s', 's.id', 'w.source_id')
    .leftJoin('teams as t', 't.id', 'w.team_id')
    .select([
      'w.id', 's.name as source', 'w.external_id', 'w.key', 'w.title', 'w.project', 't.key as team', 'w.status', 'w.status_category',
      'w.estimate', 'w.epic', 'w.source_created_at', 'w.completed_at', 'w.source_updated_at',
      // Only the two parts of raw a backtest reads: descriptions and the rest stay in the database.
      sql<unknown>`w.raw->'fields'->'fixVersions'`.as('fix_versions'),
      sql<unknown>`w.raw->'fieldHistory'`.as('field_history'),
    ])
    .where('w.deleted', '=', false)
    .where('w.placeholder', '=', false)
    .orderBy('w.id')
    .execute();
  const transitions = await db
    .selectFrom('status_transitions')
    .select(['item_id', 'from_status', 'to_status', 'to_category', 'at'])
    .orderBy('item_id')
    .orderBy('at')
    .execute();
  const links = await db.selectFrom('item_links').select(['from_item', 'to_item', 'kind']).where('kind', 'in', ['blocks', 'parent']).execute();

  const categoryByStatus = new Map<string, StatusCategory>();
  const changesByItem = new Map<number, StatusChange[]>();
  const fromStatus = new Map<number, string | null>();
  for (const t of transitions) {
    categoryByStatus.set(t.to_status, t.to_category);
    let list = changesByItem.get(t.item_id);
    if (!list) {
      changesByItem.set(t.item_id, (list = []));
      fromStatus.set(t.item_id, t.from_status);
    }
    list.push({ at: t.at, toStatus: t.to_status, toCategory: t.to_category });
  }

  const items: ItemHistory[] = [];
  const graphId = new Map<number, string>();
  const keyOf = new Map<number, string>();
  const linkAdded = new Map<string, number[]>();
  const versions = new Map<string, ReleaseInfo>();
  const missingHistory = new Set<string>();
  let dataEnd = 0;
  for (const r of rows) {
    const id = `${r.source}:${r.external_id}`;
    graphId.set(r.id, id);
    keyOf.set(r.id, r.key);
    const fixVersions = fixVersionsSchema.safeParse(r.fix_versions);
    const current = fixVersions.success ? fixVersions.data : [];
    for (const v of current) {
      const name = versionLabel(r.project, v.name);
      if (!versions.has(name)) versions.set(name, { name, releaseDate: v.released && v.releaseDate ? v.releaseDate.slice(0, 10) : null });
    }
    const tracked = fieldHistorySchema.safeParse(r.field_history);
    const fieldChanges: FieldChange[] = [];
    for (const c of tracked.success ? tracked.data : []) {
      const at = new Date(c.at);
      if (c.field === 'link') {
        // Only additions date a link; a removed link is not among the stored ones anyway.
        if (c.to) linkAdded.set(`${r.key}>${c.to}`, [...(linkAdded.get(`${r.key}>${c.to}`) ?? []), at.getTime()]);
        continue;
      }
      const qualify = (v: string | null) => (v === null || c.field !== 'fixVersion' ? v : versionLabel(r.project, v));
      fieldChanges.push({ at, field: c.field, from: qualify(c.from), to: qualify(c.to) });
    }
    const changes = changesByItem.get(r.id) ?? [];
    const created = r.source_created_at ?? r.source_updated_at ?? new Date(0);
    let statusChanges = changes;
    let initialStatus = fromStatus.get(r.id) ?? r.status ?? 'unknown';
    let initialCategory: StatusCategory = categoryByStatus.get(initialStatus) ?? 'todo';
    if (changes.length === 0 && r.status_category !== 'todo') {
      // No history: the item's start is unknown. It is open until its resolution, never guessed started.
      missingHistory.add(r.key);
      initialStatus = 'unknown';
      initialCategory = 'todo';
      statusChanges = r.completed_at ? [{ at: r.completed_at, toStatus: r.status ?? 'done', toCategory: 'done' }] : [];
    }
    dataEnd = Math.max(dataEnd, (r.source_updated_at ?? created).getTime());
    items.push({
      id,
      key: r.key,
      title: r.title,
      team: r.team,
      createdAt: created,
      initialStatus,
      initialCategory,
      statusChanges,
      estimate: r.estimate,
      fixVersions: current.map((v) => versionLabel(r.project, v.name)),
      epic: r.epic,
      completedAt: r.status_category === 'done' ? r.completed_at : null,
      fieldChanges,
    });
  }

  const linkHistory: LinkHistory[] = [];
  for (const l of links) {
    const from = graphId.get(l.from_item);
    const to = graphId.get(l.to_item);
    if (from === undefined || to === undefined) continue;
    const a = keyOf.get(l.from_item) ?? '';
    const b = keyOf.get(l.to_item) ?? '';
    const added = [...(linkAdded.get(`${a}>${b}`) ?? []), ...(linkAdded.get(`${b}>${a}`) ?? [])];
    linkHistory.push({ from, to, kind: l.kind, addedAt: added.length > 0 ? new Date(Math.min(...added)) : null });
  }
  return { history: { items, links: linkHistory, versions: [...versions.values()] }, missingHistory, dataEnd: new Date(dataEnd) };
}
