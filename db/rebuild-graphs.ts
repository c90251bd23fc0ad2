/** The graph each rebuild ran on and the attribution of the move since the one before (see migration 0021). */
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';

export const LATEST_SLOT = 'latest';

/** The headline numbers of a rebuild, for "what changed since the last one". */
export interface RebuildSummary {
  readonly colour: string | null;
  readonly confidence: number | null;
  readonly p85: string | null;
}

export interface StoredRebuildGraph extends RebuildSummary {
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
  row: RebuildSummary & { readonly takenAt: Date; readonly graph: object; readonly attribution: object | null },
): Promise<void> {
  const values = {
    program_id: programId,
    slot,
    taken_at: row.takenAt,
    colour: row.colour,
    confidence: row.confidence,
    p85: row.p85,
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
    .select(['slot', 'taken_at', 'graph', 'attribution', 'colour', 'confidence', 'p85'])
    .where('program_id', '=', programId)
    .where('slot', '=', slot)
    .executeTakeFirst();
  return row
    ? { slot: row.slot, takenAt: row.taken_at, graph: row.graph, attribution: row.attribution, colour: row.colour, confidence: row.confidence, p85: row.p85 }
    : null;
}
