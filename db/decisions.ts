/** Recorded decisions: question, options, recommendation, decider, due date, links, outcome. */
import type { Kysely } from 'kysely';
import { recordChanges } from './change-log.js';
import type { Database, StoredDecisionRow } from './database-types.js';

export interface NewDecision {
  readonly programId: number;
  readonly question: string;
  readonly options: readonly string[];
  readonly recommendation: string | null;
  readonly decider: string | null;
  readonly dueDate: string | null;
  readonly riskIds: readonly number[];
  readonly itemKeys: readonly string[];
  readonly origin: string | null;
}

/** Inserts a decision and logs its creation. Run inside a transaction. */
export async function insertDecision(db: Kysely<Database>, decision: NewDecision, actor: string, at: Date): Promise<StoredDecisionRow> {
  const row = await db
    .insertInto('decisions')
    .values({
      program_id: decision.programId,
      question: decision.question,
      options: JSON.stringify([...decision.options]),
      recommendation: decision.recommendation,
      decider: decision.decider,
      due_date: decision.dueDate,
      risk_ids: JSON.stringify([...decision.riskIds]),
      item_keys: JSON.stringify([...decision.itemKeys]),
      origin: decision.origin,
      status: 'open',
      created_by: actor,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChanges(db, { programId: decision.programId, entity: 'decision', entityId: row.id, actor, at }, [
    { field: 'created', oldValue: null, newValue: decision.question },
  ]);
  return row;
}

export async function getDecision(db: Kysely<Database>, id: number): Promise<StoredDecisionRow | undefined> {
  return db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Open decisions first (by due date), then decided ones, newest decision first. */
export async function listDecisions(db: Kysely<Database>, programId: number): Promise<StoredDecisionRow[]> {
  const rows = await db.selectFrom('decisions').selectAll().where('program_id', '=', programId).orderBy('id').execute();
  return rows.sort((a, b) => {
    if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
    if (a.status === 'open') return (a.due_date ?? '9999-12-31').localeCompare(b.due_date ?? '9999-12-31') || a.id - b.id;
    return (b.decided_at?.getTime() ?? 0) - (a.decided_at?.getTime() ?? 0) || b.id - a.id;
  });
}

/** Records the outcome of an open decision; false when it was already decided. Run inside a transaction. */
export async function resolveDecision(
  db: Kysely<Database>,
  decision: StoredDecisionRow,
  outcome: string,
  decidedBy: string,
  actor: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('decisions')
    .set({ status: 'decided', outcome, decided_at: at, decided_by: decidedBy, updated_at: at })
    .where('id', '=', decision.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await recordChanges(db, { programId: decision.program_id, entity: 'decision', entityId: decision.id, actor, at }, [
    { field: 'status', oldValue: 'open', newValue: 'decided' },
    { field: 'outcome', oldValue: null, newValue: outcome },
    ...(decidedBy !== decision.decider ? [{ field: 'decided_by', oldValue: decision.decider, newValue: decidedBy }] : []),
  ]);
  return true;
}
