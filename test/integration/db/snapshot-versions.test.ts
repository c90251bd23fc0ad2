/**
 * Stored snapshots carry a schema version and are validated on read: a row written today reads
 * back as written, a row written before versions existed (no `schemaVersion`, no `plan`) still
 * reads and is brought to the current shape, and a row no version describes fails with an error
 * naming the program, the week and the field — on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { upsertPrograms } from '../../../db/programs.js';
import { SNAPSHOT_SCHEMA_VERSION, StoredSnapshotError } from '../../../db/snapshot-shape.js';
import { loadLatestSnapshot, loadSnapshotBefore, loadSnapshotForPeriod, saveSnapshot } from '../../../db/snapshots.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

describe.each(DIALECTS)('stored snapshot versions on %s', (kind) => {
  let t: TestDatabase;
  let programId: number;
  const current = reportInputsFixture().current;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const [program] = await upsertPrograms(t.db, [{ name: 'apollo', scope: {}, targetDate: null, timezone: 'UTC', owner: null }]);
    programId = program!.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function storeRaw(period: string, metrics: Record<string, unknown>): Promise<void> {
    await t.db
      .insertInto('snapshots')
      .values({
        program_id: programId,
        period,
        taken_at: new Date('2026-01-05T06:00:00Z'),
        colour: 'green',
        confidence: null,
        p50: null,
        p85: null,
        p95: null,
        projected_finish: null,
        target_date: null,
        scope_definition: null,
        critical_path: JSON.stringify([]),
        metrics: JSON.stringify(metrics),
      })
      .execute();
  }

  it('writes the current version and reads it back as written', async () => {
    await saveSnapshot(t.db, programId, { ...current, period: '2026-W10' }, { 'target-miss': 'high' });
    const row = await t.db.selectFrom('snapshots').select(sql<unknown>`metrics`.as('metrics')).where('period', '=', '2026-W10').executeTakeFirstOrThrow();
    const raw = typeof row.metrics === 'string' ? JSON.parse(row.metrics) : row.metrics;
    expect(raw).toMatchObject({ schemaVersion: SNAPSHOT_SCHEMA_VERSION });
    const read = await loadSnapshotForPeriod(t.db, programId, '2026-W10');
    expect(read).toEqual(JSON.parse(JSON.stringify({ ...current, period: '2026-W10', riskSeverities: { 'target-miss': 'high' } })));
    expect(read).not.toHaveProperty('schemaVersion');
  });

  it('reads an unversioned row written before the plan was kept, taking the target from its analysis', async () => {
    const { plan: _plan, ...legacy } = JSON.parse(JSON.stringify({ ...current, period: '2026-W01' })) as typeof current;
    await storeRaw('2026-W01', { ...legacy, riskSeverities: {} });
    for (const read of [await loadSnapshotForPeriod(t.db, programId, '2026-W01'), await loadSnapshotBefore(t.db, programId, '2026-W02')]) {
      expect(read?.plan).toEqual({ targetDate: current.analysis.targetDate, scope: null });
      expect(read?.items).toEqual(JSON.parse(JSON.stringify(current.items)));
    }
  });

  it('refuses a row that no version describes, naming the week and the field', async () => {
    const broken = JSON.parse(JSON.stringify({ ...current, period: '2026-W20' })) as Record<string, unknown>;
    broken.items = [{ id: 'x' }];
    await storeRaw('2026-W20', { schemaVersion: SNAPSHOT_SCHEMA_VERSION, ...broken, riskSeverities: {} });
    const failure = await loadLatestSnapshot(t.db, programId).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoredSnapshotError);
    expect((failure as Error).message).toMatch(/snapshot 2026-W20 of program \d+ is unreadable: items\.0\.key/);
  });
});
