/** Sources: the configured trackers. Upserted from config at start; never holds a secret. */
import type { Kysely } from 'kysely';
import type { Database, SourceKindColumn, SourceRow } from './database-types.js';

export interface SourceDefinition {
  readonly name: string;
  readonly kind: SourceKindColumn;
  readonly baseUrl: string;
  /** Environment variable name holding the credential. */
  readonly credentialsRef: string | null;
}

export async function upsertSources(db: Kysely<Database>, sources: readonly SourceDefinition[]): Promise<SourceRow[]> {
  if (sources.length === 0) return [];
  return db
    .insertInto('sources')
    .values(sources.map((s) => ({ name: s.name, kind: s.kind, base_url: s.baseUrl, credentials_ref: s.credentialsRef })))
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        base_url: eb.ref('excluded.base_url'),
        credentials_ref: eb.ref('excluded.credentials_ref'),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .execute();
}

export async function listSources(db: Kysely<Database>): Promise<SourceRow[]> {
  return db.selectFrom('sources').selectAll().orderBy('name').execute();
}

export async function sourceIdsByName(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('sources').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}
