/** Per-source sync cursors and outcomes. */
import { sql, type Kysely } from 'kysely';
import type { SyncCounts, SyncCursor } from '../services/connectors/connector-types.js';
import type { Database, SyncStateRow } from './database-types.js';

export async function loadCursor(db: Kysely<Database>, sourceId: number, scope: string): Promise<SyncCursor | null> {
  const row = await db
    .selectFrom('sync_state')
    .select(['updated_since', 'page_token', 'pass_started_at'])
    .where('source_id', '=', sourceId)
    .where('scope', '=', scope)
    .executeTakeFirst();
  if (!row) return null;
  return { updatedSince: row.updated_since, pageToken: row.page_token, passStartedAt: row.pass_started_at };
}

/** Saves the cursor that follows a stored page; called inside the page's transaction. */
export async function saveCursor(
  db: Kysely<Database>,
  sourceId: number,
  scope: string,
  cursor: SyncCursor,
  counts: SyncCounts,
): Promise<void> {
  await db
    .insertInto('sync_state')
    .values({
      source_id: sourceId,
      scope,
      updated_since: cursor.updatedSince,
      page_token: cursor.pageToken,
      pass_started_at: cursor.passStartedAt,
      items_synced: counts.items,
      links_synced: counts.links,
      transitions_synced: counts.transitions,
    })
    .onConflict((oc) =>
      oc.columns(['source_id', 'scope']).doUpdateSet({
        updated_since: cursor.updatedSince,
        page_token: cursor.pageToken,
        pass_started_at: cursor.passStartedAt,
        items_synced: sql<number>`sync_state.items_synced + ${counts.items}`,
        links_synced: sql<number>`sync_state.links_synced + ${counts.links}`,
        transitions_synced: sql<number>`sync_state.transitions_synced + ${counts.transitions}`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export async function recordSyncOutcome(
  db: Kysely<Database>,
  sourceId: number,
  scope: string,
  outcome: { ok: true } | { ok: false; error: string },
  at: Date = new Date(),
): Promise<void> {
  const set = outcome.ok
    ? { last_success_at: at, last_error: null, last_error_at: null }
    : { last_error: outcome.error.slice(0, 2000), last_error_at: at };
  await db
    .insertInto('sync_state')
    .values({ source_id: sourceId, scope, updated_since: null, page_token: null, pass_started_at: null, ...set })
    .onConflict((oc) => oc.columns(['source_id', 'scope']).doUpdateSet({ ...set, updated_at: at }))
    .execute();
}

export interface SourceSyncStatus extends SyncStateRow {
  readonly source_name: string;
  readonly source_kind: string;
}

export async function listSyncStatus(db: Kysely<Database>): Promise<SourceSyncStatus[]> {
  return db
    .selectFrom('sync_state')
    .innerJoin('sources', 'sources.id', 'sync_state.source_id')
    .selectAll('sync_state')
    .select(['sources.name as source_name', 'sources.kind as source_kind'])
    .orderBy('sources.name')
    .execute();
}
