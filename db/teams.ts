/** Teams per source, with their working calendar. */
import type { Kysely } from 'kysely';
import type { NormalizedTeam } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';

export interface TeamCalendarUpdate {
  readonly sourceId: number;
  readonly key: string;
  readonly name?: string | undefined;
  readonly timezone: string;
  readonly weekendDays: readonly number[];
  readonly holidays: readonly string[];
}

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

/** Applies calendars from config to teams matched by key (teams not yet synced are created). */
export async function applyTeamCalendars(db: Kysely<Database>, updates: readonly TeamCalendarUpdate[]): Promise<void> {
  for (const u of updates) {
    const calendar = JSON.stringify({ weekendDays: [...u.weekendDays], holidays: [...u.holidays] });
    await db
      .insertInto('teams')
      .values({ source_id: u.sourceId, external_id: u.key, key: u.key, name: u.name ?? u.key, timezone: u.timezone, calendar })
      .onConflict((oc) =>
        oc.columns(['source_id', 'external_id']).doUpdateSet({ timezone: u.timezone, calendar, updated_at: new Date() }),
      )
      .execute();
  }
}
