/**
 * Work items: bulk upsert by (source, external id), placeholders for link targets outside the
 * synced scope, and the reconciliation marks. A Jira issue that moves project keeps its id, so
 * its row is updated in place and only the key changes.
 */
import { sql, type Kysely } from 'kysely';
import type { ItemRef, LinkedItemDetails, NormalizedItem } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';

/** Postgres accepts at most 65,535 bind parameters per statement. */
const INSERT_CHUNK = 500;

export const refKey = (ref: ItemRef): string =>
  'externalId' in ref ? `${ref.sourceName}\u0000id\u0000${ref.externalId}` : `${ref.sourceName}\u0000key\u0000${ref.key}`;

export const PLACEHOLDER_KEY_PREFIX = 'key:';

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Dates the tracker may report wrongly (clock skew, garbage) are kept only when plausible. */
function plausible(date: Date | null): Date | null {
  if (!date || Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= 1990 && year <= 2200 ? date : null;
}

/** `\u0000` in JSON text, after an even run of backslashes (an odd run escapes the backslash instead). */
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * JSON for a bulk statement, without U+0000: Postgres text and jsonb cannot hold it, and one
 * tracker title carrying it would fail the whole page (and the sync with it). The character
 * carries no meaning, so it is dropped — from the finished text, because a replacer function
 * would run for every value of every item's raw payload (a large share of a sync's CPU).
 */
export function jsonWithoutNul(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(ESCAPED_NUL, '$1') : json;
}

/** Rows per statement; a page is one statement, and this bounds the JSON parameter's size. */
const UPSERT_CHUNK = 1000;

/**
 * Upserts a page of items; returns external id → row id. The rows travel as one JSON parameter
 * expanded by `jsonb_to_recordset`: one bind value instead of ~23 per row keeps both the client
 * (query building, serialization) and the server (parse, bind) cheap on 100-item pages.
 */
export async function upsertItems(
  db: Kysely<Database>,
  sourceId: number,
  items: readonly NormalizedItem[],
  teamIds: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // The last version of an item in a page wins; Postgres rejects a row twice in one upsert.
  const unique = [...new Map(items.map((i) => [i.externalId, i])).values()];
  for (const chunk of chunks(unique, UPSERT_CHUNK)) {
    const rows = chunk.map((i) => ({
      external_id: i.externalId,
      key: i.key,
      url: i.url,
      title: i.title,
      type: i.type,
      status: i.status,
      status_category: i.statusCategory,
      team_id: i.teamExternalId === null ? null : (teamIds.get(i.teamExternalId) ?? null),
      assignee: i.assignee,
      estimate: i.estimate !== null && Number.isFinite(i.estimate) ? i.estimate : null,
      due_date: i.dueDate,
      labels: i.labels,
      epic: i.epic,
      project: i.project,
      source_created_at: plausible(i.createdAt),
      started_at: plausible(i.startedAt),
      completed_at: plausible(i.completedAt),
      source_updated_at: plausible(i.sourceUpdatedAt),
      deleted: i.deleted,
      deleted_reason: i.deleted ? 'deleted' : null,
      raw: i.raw ?? {},
    }));
    const result = await sql<{ id: number; external_id: string }>`
      insert into work_items (
        source_id, external_id, key, url, title, type, status, status_category, team_id, assignee, estimate,
        due_date, labels, epic, project, source_created_at, started_at, completed_at, source_updated_at,
        deleted, deleted_reason, placeholder, raw)
      select ${sourceId}::integer, r.external_id, r.key, r.url, r.title, r.type, r.status, r.status_category, r.team_id,
        r.assignee, r.estimate, r.due_date, coalesce(r.labels, '{}'), r.epic, r.project, r.source_created_at,
        r.started_at, r.completed_at, r.source_updated_at, r.deleted, r.deleted_reason, false, coalesce(r.raw, '{}')
      from jsonb_to_recordset(${jsonWithoutNul(rows)}::jsonb) as r(
        external_id text, key text, url text, title text, type text, status text, status_category text,
        team_id integer, assignee text, estimate double precision, due_date date, labels text[], epic text,
        project text, source_created_at timestamptz, started_at timestamptz, completed_at timestamptz,
        source_updated_at timestamptz, deleted boolean, deleted_reason text, raw jsonb)
      on conflict (source_id, external_id) do update set
        key = excluded.key, url = excluded.url, title = excluded.title, type = excluded.type,
        status = excluded.status, status_category = excluded.status_category, team_id = excluded.team_id,
        assignee = excluded.assignee, estimate = excluded.estimate, due_date = excluded.due_date,
        labels = excluded.labels, epic = excluded.epic, project = excluded.project,
        source_created_at = excluded.source_created_at, started_at = excluded.started_at,
        completed_at = excluded.completed_at, source_updated_at = excluded.source_updated_at,
        deleted = excluded.deleted, deleted_reason = excluded.deleted_reason, placeholder = false,
        raw = excluded.raw, updated_at = now()
      returning id, external_id`.execute(db);
    for (const r of result.rows) ids.set(r.external_id, r.id);
  }
  await mergeKeyPlaceholders(db, sourceId, unique.map((i) => i.key));
  return ids;
}

/**
 * A link that only knew a key (a cross-tracker URL) made a placeholder `key:<KEY>`; once the
 * real item is stored, its links move to the real row and the placeholder goes.
 */
async function mergeKeyPlaceholders(db: Kysely<Database>, sourceId: number, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  // One probe per key through the (source, external id) index, in a LATERAL subquery the planner
  // cannot flatten: see deleteLinksDeclaredBy (db/links.ts) on why a join or an `in (…)` list
  // scans every item of the source while the tables have no statistics.
  const { rows: placeholders } = await sql<{ placeholderId: number; realId: number }>`
    select p.id as "placeholderId", r.id as "realId"
    from jsonb_array_elements_text(${JSON.stringify([...new Set(keys)])}::jsonb) as k(key)
    cross join lateral (
      select id, source_id, key from work_items
      where source_id = ${sourceId}::integer and external_id = ${PLACEHOLDER_KEY_PREFIX}::text || k.key and placeholder
      offset 0) as p
    join work_items r on r.source_id = p.source_id and r.key = p.key and not r.placeholder`.execute(db);
  for (const { placeholderId, realId } of placeholders) {
    await sql`
      insert into item_links (from_item, to_item, kind, origin, declared_by)
      select case when from_item = ${placeholderId} then ${realId} else from_item end,
             case when to_item = ${placeholderId} then ${realId} else to_item end,
             kind, origin, declared_by
      from item_links where from_item = ${placeholderId} or to_item = ${placeholderId}
      on conflict do nothing`.execute(db);
    await db.deleteFrom('work_items').where('id', '=', placeholderId).execute();
  }
}

/**
 * Resolves item references to row ids, creating placeholders (status unknown) for items not
 * synced yet. References to unknown sources stay unresolved.
 */
export async function resolveRefs(
  db: Kysely<Database>,
  refs: readonly ItemRef[],
  sourceIds: ReadonlyMap<string, number>,
  /** What links told about some of the refs (by refKey): fills their placeholders. */
  details: ReadonlyMap<string, LinkedItemDetails> = new Map(),
): Promise<Map<string, number>> {
  const resolved = new Map<string, number>();
  const byIdPerSource = new Map<number, Map<string, ItemRef>>();
  const byKeyPerSource = new Map<number, Map<string, ItemRef>>();
  for (const ref of refs) {
    const sourceId = sourceIds.get(ref.sourceName);
    if (sourceId === undefined) continue;
    const bucket = 'externalId' in ref ? byIdPerSource : byKeyPerSource;
    const map = bucket.get(sourceId) ?? new Map<string, ItemRef>();
    map.set('externalId' in ref ? ref.externalId : ref.key, ref);
    bucket.set(sourceId, map);
  }

  for (const [sourceId, wanted] of byIdPerSource) {
    const missing = await findOrCreateByExternalId(db, sourceId, resolved, wanted, details);
    // Only rows another transaction inserted meanwhile are left; read them as committed now.
    if (missing.length > 0) await findByColumn(db, sourceId, 'external_id', missing, resolved, wanted);
  }

  for (const [sourceId, wanted] of byKeyPerSource) {
    const missing = await findByColumn(db, sourceId, 'key', [...wanted.keys()], resolved, wanted);
    if (missing.length > 0) {
      await insertPlaceholders(db, sourceId, missing.map((key) => ({ externalId: PLACEHOLDER_KEY_PREFIX + key, key })));
      await findByColumn(db, sourceId, 'key', missing, resolved, wanted);
    }
  }
  return resolved;
}

/**
 * Resolves external ids in one round trip: reads the existing rows (one index probe per id, as in
 * mergeKeyPlaceholders) and inserts placeholders for the rest in the same statement (a
 * data-modifying CTE). Records hits in `resolved`; returns the
 * ids neither found nor inserted (a concurrent insert won the conflict).
 *
 * Placeholders take what a link told about their item (title, status, type, assignee, browse
 * URL), so an out-of-scope dependency reads "SEC-12 Security review, In Progress" rather than a
 * bare key; existing placeholders are refreshed in the same statement, reusing its probes. Only
 * placeholder rows change: a synced item's own row is the authority.
 */
async function findOrCreateByExternalId(
  db: Kysely<Database>,
  sourceId: number,
  resolved: Map<string, number>,
  wanted: ReadonlyMap<string, ItemRef>,
  details: ReadonlyMap<string, LinkedItemDetails>,
): Promise<string[]> {
  const missing: string[] = [];
  for (const chunk of chunks([...wanted.keys()], 5000)) {
    const rows = chunk.map((id) => {
      const ref = wanted.get(id)!;
      const told = details.get(refKey(ref));
      return {
        external_id: id,
        key: ('key' in ref && ref.key) || id,
        ...(told ? { told: true, url: told.url, title: told.title, type: told.type, status: told.status, status_category: told.statusCategory, assignee: told.assignee } : {}),
      };
    });
    const result = await sql<{ id: number; external_id: string }>`
      with wanted as (
        select w.external_id, w.key, coalesce(w.told, false) as told, w.url, w.title, w.type, w.status, w.status_category, w.assignee
        from jsonb_to_recordset(${jsonWithoutNul(rows)}::jsonb) as w(
          external_id text, key text, told boolean, url text, title text, type text, status text, status_category text, assignee text)
      ), existing as (
        select i.id, i.external_id, i.placeholder from wanted w
        cross join lateral (
          select id, external_id, placeholder from work_items where source_id = ${sourceId}::integer and external_id = w.external_id offset 0
        ) as i
      ), filled as (
        update work_items t set
          url = w.url, title = coalesce(w.title, t.title), type = coalesce(w.type, t.type), status = coalesce(w.status, t.status),
          status_category = case when w.status is null then t.status_category else w.status_category end,
          assignee = coalesce(w.assignee, t.assignee), updated_at = now()
        from existing e join wanted w on w.external_id = e.external_id
        where t.id = e.id and e.placeholder and w.told
          -- A popular link target is named by many pages: rewrite its row only when something changed.
          and (t.url, t.title, t.type, t.status, t.status_category, t.assignee)
            is distinct from (w.url, coalesce(w.title, t.title), coalesce(w.type, t.type), coalesce(w.status, t.status),
              case when w.status is null then t.status_category else w.status_category end, coalesce(w.assignee, t.assignee))
        returning t.id
      ), created as (
        insert into work_items (source_id, external_id, key, url, title, type, status, status_category, team_id,
          assignee, estimate, epic, project, source_created_at, started_at, completed_at, source_updated_at,
          deleted_reason, placeholder)
        select ${sourceId}::integer, w.external_id, w.key, w.url, coalesce(w.title, w.key), w.type, w.status,
          case when w.status is null then 'unknown' else w.status_category end, null,
          w.assignee, null, null, null, null, null, null, null, null, true
        from wanted w where not exists (select 1 from existing e where e.external_id = w.external_id)
        on conflict (source_id, external_id) do nothing
        returning id, external_id
      )
      select id, external_id from existing union all select id, external_id from created`.execute(db);
    const found = new Map(result.rows.map((r) => [r.external_id, r.id]));
    for (const id of chunk) {
      const hit = found.get(id);
      if (hit === undefined) missing.push(id);
      else resolved.set(refKey(wanted.get(id)!), hit);
    }
  }
  return missing;
}

/** Looks values up in one column; records hits in `resolved` and returns the values not found. */
async function findByColumn(
  db: Kysely<Database>,
  sourceId: number,
  column: 'external_id' | 'key',
  values: readonly string[],
  resolved: Map<string, number>,
  wanted: ReadonlyMap<string, ItemRef>,
): Promise<string[]> {
  const found = new Map<string, { id: number; placeholder: boolean }>();
  for (const chunk of chunks(values, 5000)) {
    const rows = await db
      .selectFrom('work_items')
      .select(['id', 'external_id', 'key', 'placeholder'])
      .where('source_id', '=', sourceId)
      .where(column, 'in', chunk)
      .execute();
    for (const r of rows) {
      const value = column === 'key' ? r.key : r.external_id;
      const previous = found.get(value);
      // Prefer the real item over a placeholder carrying the same key.
      if (!previous || (previous.placeholder && !r.placeholder)) found.set(value, { id: r.id, placeholder: r.placeholder });
    }
  }
  const missing: string[] = [];
  for (const value of values) {
    const hit = found.get(value);
    if (hit) resolved.set(refKey(wanted.get(value)!), hit.id);
    else missing.push(value);
  }
  return missing;
}

async function insertPlaceholders(
  db: Kysely<Database>,
  sourceId: number,
  items: readonly { externalId: string; key: string }[],
): Promise<void> {
  for (const chunk of chunks(items, INSERT_CHUNK)) {
    await db
      .insertInto('work_items')
      .values(
        chunk.map((i) => ({
          source_id: sourceId,
          external_id: i.externalId,
          key: i.key,
          url: null,
          title: i.key,
          type: null,
          status: null,
          status_category: 'unknown' as const,
          team_id: null,
          assignee: null,
          estimate: null,
          epic: null,
          project: null,
          source_created_at: null,
          started_at: null,
          completed_at: null,
          source_updated_at: null,
          deleted_reason: null,
          placeholder: true,
        })),
      )
      .onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing())
      .execute();
  }
}

export async function listLiveExternalIds(db: Kysely<Database>, sourceId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('work_items')
    .select('external_id')
    .where('source_id', '=', sourceId)
    .where('deleted', '=', false)
    .where('placeholder', '=', false)
    .execute();
  return rows.map((r) => r.external_id);
}

export async function markItemsDeleted(
  db: Kysely<Database>,
  sourceId: number,
  externalIds: readonly string[],
  reason: 'deleted' | 'out_of_scope',
): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(externalIds, 5000)) {
    const result = await db
      .updateTable('work_items')
      .set({ deleted: true, deleted_reason: reason, updated_at: new Date() })
      .where('source_id', '=', sourceId)
      .where('external_id', 'in', chunk)
      .where('deleted', '=', false)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

export async function countItems(db: Kysely<Database>, sourceId?: number): Promise<number> {
  let q = db.selectFrom('work_items').select((eb) => eb.fn.countAll<number>().as('n'));
  if (sourceId !== undefined) q = q.where('source_id', '=', sourceId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}
