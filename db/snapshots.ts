/**
 * Weekly snapshots of a program: the history behind trends, "changes since last week" and the
 * Yellow-two-weeks rule. One row per program and ISO week; a rebuild in the same week replaces it.
 */
import type { Kysely } from 'kysely';
import type { Database, SnapshotRow } from './database-types.js';
import { readStoredMetrics, toStoredMetrics, type SnapshotData, type SnapshotSummary, type StoredSnapshotMetrics } from './snapshot-shape.js';

export async function saveSnapshot(
  db: Kysely<Database>,
  programId: number,
  data: SnapshotData,
  riskSeverities: Readonly<Record<string, string>>,
): Promise<void> {
  const metrics = toStoredMetrics(data, riskSeverities);
  const values = {
    program_id: programId,
    period: data.period,
    taken_at: new Date(data.takenAt),
    colour: data.colour,
    confidence: data.forecast?.probabilityOnTarget ?? null,
    p50: data.forecast?.p50 ?? null,
    p85: data.forecast?.p85 ?? null,
    p95: data.forecast?.p95 ?? null,
    projected_finish: data.analysis.finishDate,
    target_date: data.plan.targetDate,
    scope_definition: data.plan.scope === null ? null : JSON.stringify(data.plan.scope),
    critical_path: JSON.stringify([...data.analysis.criticalPath]),
    metrics: JSON.stringify(metrics),
  };
  await db
    .insertInto('snapshots')
    .values(values)
    .onConflict((oc) => oc.columns(['program_id', 'period']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

function summary(row: Pick<SnapshotRow, 'period' | 'taken_at' | 'colour' | 'confidence' | 'p50' | 'p85' | 'p95' | 'target_date'>): SnapshotSummary {
  return {
    period: row.period,
    takenAt: row.taken_at.toISOString(),
    colour: row.colour,
    confidence: row.confidence,
    p50: row.p50,
    p85: row.p85,
    p95: row.p95,
    targetDate: row.target_date,
  };
}

/** Weekly history, oldest first. */
export async function listSnapshotSummaries(db: Kysely<Database>, programId: number, limit = 26): Promise<SnapshotSummary[]> {
  const rows = await db
    .selectFrom('snapshots')
    .select(['period', 'taken_at', 'colour', 'confidence', 'p50', 'p85', 'p95', 'target_date'])
    .where('program_id', '=', programId)
    .orderBy('period', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(summary);
}

/** The latest snapshot strictly before `period` (last week's, for week-over-week comparisons). */
export async function loadSnapshotBefore(
  db: Kysely<Database>,
  programId: number,
  period: string,
): Promise<StoredSnapshotMetrics | null> {
  const row = await db
    .selectFrom('snapshots')
    .select(['period', 'metrics'])
    .where('program_id', '=', programId)
    .where('period', '<', period)
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? readStoredMetrics(row.metrics, { programId, period: row.period }) : null;
}

export async function loadLatestSnapshot(db: Kysely<Database>, programId: number): Promise<StoredSnapshotMetrics | null> {
  const row = await db
    .selectFrom('snapshots')
    .select(['period', 'metrics'])
    .where('program_id', '=', programId)
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? readStoredMetrics(row.metrics, { programId, period: row.period }) : null;
}

/** The snapshot of one ISO week (`2026-W48`), for past weekly reports. */
export async function loadSnapshotForPeriod(db: Kysely<Database>, programId: number, period: string): Promise<StoredSnapshotMetrics | null> {
  const row = await db
    .selectFrom('snapshots')
    .select('metrics')
    .where('program_id', '=', programId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row ? readStoredMetrics(row.metrics, { programId, period }) : null;
}
