/** The change log: who changed which field of a risk or decision, when, from what to what. */
import type { Kysely } from 'kysely';
import type { ChangeLogRow, Database } from './database-types.js';

export type ChangeEntity = 'risk' | 'decision';

export interface FieldChange {
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

export async function recordChanges(
  db: Kysely<Database>,
  entry: { readonly programId: number; readonly entity: ChangeEntity; readonly entityId: number; readonly actor: string; readonly at: Date },
  changes: readonly FieldChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto('change_log')
    .values(
      changes.map((c) => ({
        program_id: entry.programId,
        entity: entry.entity,
        entity_id: entry.entityId,
        actor: entry.actor,
        at: entry.at,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
      })),
    )
    .execute();
}

/** Oldest first. */
export async function listChanges(db: Kysely<Database>, entity: ChangeEntity, entityId: number): Promise<ChangeLogRow[]> {
  return db.selectFrom('change_log').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute();
}

/** A program's changes since an instant, newest first. */
export async function listProgramChanges(db: Kysely<Database>, programId: number, since: Date): Promise<ChangeLogRow[]> {
  return db
    .selectFrom('change_log')
    .selectAll()
    .where('program_id', '=', programId)
    .where('at', '>=', since)
    .orderBy('id', 'desc')
    .execute();
}
