/** Programs as defined in seams.config.yaml, upserted at start. */
import type { Kysely } from 'kysely';
import type { Database, ProgramRow } from './database-types.js';

export interface ProgramDefinition {
  readonly name: string;
  readonly scope: Record<string, unknown>;
  readonly targetDate: string | null;
  readonly timezone: string;
  readonly owner: string | null;
}

export async function upsertPrograms(db: Kysely<Database>, programs: readonly ProgramDefinition[]): Promise<ProgramRow[]> {
  if (programs.length === 0) return [];
  return db
    .insertInto('programs')
    .values(
      programs.map((p) => ({
        name: p.name,
        scope: JSON.stringify(p.scope),
        target_date: p.targetDate,
        timezone: p.timezone,
        owner: p.owner,
      })),
    )
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        scope: eb.ref('excluded.scope'),
        target_date: eb.ref('excluded.target_date'),
        timezone: eb.ref('excluded.timezone'),
        owner: eb.ref('excluded.owner'),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .execute();
}

export async function getProgramByName(db: Kysely<Database>, name: string): Promise<ProgramRow | undefined> {
  return db.selectFrom('programs').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listPrograms(db: Kysely<Database>): Promise<ProgramRow[]> {
  return db.selectFrom('programs').selectAll().orderBy('name').execute();
}
