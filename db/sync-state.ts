/** Per-source sync cursors and outcomes. */
import { sql, type Kysely } from 'kysely';
import type { SyncCounts, SyncCursor } from '../services/connectors/connector-types.js';
import type { QualityCounts } from '../services/connectors/data-quality.js';
import type { Database, SyncStateRow } from './database-types.js';
import { cleanText, isCleanText } from '../services/connectors/value-sanitize.js';

/**
 * Page tokens are opaque and must go back to the tracker byte for byte, but a text column cannot
 * hold every string a server may send (NUL, lone surrogates). Such a token is stored JSON-escaped
 * behind a marker, and so is a token that happens to start with the marker.
 */
const ESCAPED_TOKEN = 'seams-json:';

export function encodePageToken(token: string | null): string | null {
  if (token === null || (isCleanText(token) && !token.startsWith(ESCAPED_TOKEN))) return token;
  // JSON.stringify writes NUL and lone surrogates as `\u0000`-style escapes: plain, storable text.
  return ESCAPED_TOKEN + JSON.stringify(token);
}

export function decodePageToken(stored: string | null): string | null {
  if (stored === null || !stored.startsWith(ESCAPED_TOKEN)) return stored;
  return JSON.parse(stored.slice(ESCAPED_TOKEN.length)) as string;
}

export async function loadCursor(db: Kysely<Database>, sourceId: number, scope: string): Promise<SyncCursor | null> {
  const row = await db
    .selectFrom('sync_state')
    .select(['updated_since', 'page_token', 'pass_started_at'])
    .where('source_id', '=', sourceId)
    .where('scope', '=', scope)
    .executeTakeFirst();
  if (!row) return null;
  return { updatedSince: row.updated_since, pageToken: decodePageToken(row.page_token), passStartedAt: row.pass_started_at };
}

/** Saves the cursor that follows a stored page; called inside the page's transaction. */
export async function saveCursor(
  db: Kysely<Database>,
  sourceId: number,
  scope: string,
  cursor: SyncCursor,
  counts: SyncCounts,
): Promise<void> {
  const pageToken = encodePageToken(cursor.pageToken);
  await db
    .insertInto('sync_state')
    .values({
      source_id: sourceId,
      scope,
      updated_since: cursor.updatedSince,
      page_token: pageToken,
      pass_started_at: cursor.passStartedAt,
      items_synced: counts.items,
      links_synced: counts.links,
      transitions_synced: counts.transitions,
    })
    .onConflict((oc) =>
      oc.columns(['source_id', 'scope']).doUpdateSet({
        updated_since: cursor.updatedSince,
        page_token: pageToken,
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
  outcome: { ok: true; quality?: QualityCounts } | { ok: false; error: string; quality?: QualityCounts },
  at: Date = new Date(),
): Promise<void> {
  const quality = outcome.quality ? { last_quality: JSON.stringify(outcome.quality) } : {};
  const set = outcome.ok
    ? { last_success_at: at, last_error: null, last_error_at: null, ...quality }
    : { last_error: cleanText(outcome.error.slice(0, 2000)), last_error_at: at, ...quality };
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
