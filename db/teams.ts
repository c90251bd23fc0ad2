/** Teams per source. */
import type { Kysely } from 'kysely';
import type { NormalizedTeam } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';

/** Upserts teams reported by a tracker and returns external id → row id for the source. */
export async function upsertTeams(
  db: Kysely<Database>,
  sourceId: number,
  teams: readonly NormalizedTeam[],
): Promise<Map<string, number>> {
  const unique = [...new Map(teams.map((t) => [t.externalId, t])).values()];
  if (unique.length > 0) {
    await db
      .insertInto('teams')
      .values(unique.map((t) => ({ source_id: sourceId, external_id: t.externalId, key: t.key, name: t.name })))
      .onConflict((oc) =>
        oc.columns(['source_id', 'external_id']).doUpdateSet((eb) => ({
          key: eb.ref('excluded.key'),
          name: eb.ref('excluded.name'),
          updated_at: new Date(),
        })),
      )
      .execute();
  }
  return teamIdsByExternalId(db, sourceId);
}

export async function teamIdsByExternalId(db: Kysely<Database>, sourceId: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('teams').select(['id', 'external_id']).where('source_id', '=', sourceId).execute();
  return new Map(rows.map((r) => [r.external_id, r.id]));
}
