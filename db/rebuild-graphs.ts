/** The graph each rebuild ran on and the attribution of the move since the one before (see migration 0021). */
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';

export const LATEST_SLOT = 'latest';

export interface StoredRebuildGraph {
  readonly slot: string;
  readonly takenAt: Date;
  /** As stored; callers validate it (graph-schema) before use. */
  readonly graph: unknown;
  readonly attribution: unknown;
}

export async function saveRebuildGraph(
  db: Kysely<Database>,
  programId: number,
  slot: string,
  row: { readonly takenAt: Date; readonly graph: unknown; readonly attribution: unknown },
): Promise<void> {
  const values = {
    program_id: programId,
    slot,
    taken_at: row.takenAt,
    graph: JSON.stringify(row.graph),
    attribution: row.attribution === null ? null : JSON.stringify(row.attribution),
  };
  await db
    .insertInto('rebuild_graphs')
    .values(values)
    .onConflict((oc) => oc.columns(['program_id', 'slot']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

export async function loadRebuildGraph(db: Kysely<Database>, programId: number, slot: string): Promise<StoredRebuildGraph | null> {
  const row = await db
    .selectFrom('rebuild_graphs')
    .select(['slot', 'taken_at', 'graph', 'attribution'])
    .where('program_id', '=', programId)
    .where('slot', '=', slot)
    .executeTakeFirst();
  return row ? { slot: row.slot, takenAt: row.taken_at, graph: row.graph, attribution: row.attribution } : null;
}
