/** The latest track record of each program (what `seams backtest` measured), one row per program. */
import { sql, type Kysely } from 'kysely';
import type { TrackRecord } from '../services/backtest/track-record.js';
import type { Database } from './database-types.js';
import { getProgramByName } from './programs.js';

export interface StoredTrackRecord {
  readonly computedAt: Date;
  readonly record: TrackRecord;
}

export async function saveTrackRecord(db: Kysely<Database>, programName: string, record: TrackRecord, computedAt: Date): Promise<void> {
  const program = await getProgramByName(db, programName);
  if (!program) throw new Error(`no program named "${programName}" in the database`);
  await db
    .insertInto('track_records')
    .values({ program_id: program.id, computed_at: computedAt, data: JSON.stringify(record) })
    .onConflict((oc) => oc.column('program_id').doUpdateSet({ computed_at: computedAt, data: JSON.stringify(record), updated_at: sql`now()` }))
    .execute();
}

export async function loadTrackRecord(db: Kysely<Database>, programId: number): Promise<StoredTrackRecord | null> {
  const row = await db.selectFrom('track_records').select(['computed_at', 'data']).where('program_id', '=', programId).executeTakeFirst();
  return row ? { computedAt: row.computed_at, record: row.data } : null;
}
