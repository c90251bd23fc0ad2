import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../db/migrate.js';
import * as initialSchema from '../../../db/migrations/0001-initial-schema.js';
import { upsertPrograms } from '../../../db/programs.js';
import { listSnapshotSummaries } from '../../../db/snapshots.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

const day = (iso: string): Date => new Date(`${iso}T09:00:00Z`);

describe.each(DIALECTS)('migration 0018 on %s', (kind) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
  });

  it('re-keys blocked and date-inversion risks by subject, merging rows without losing history or human fields', async () => {
    t = await createTestDatabase(kind, { migrate: false });
    const initial = new Migrator({ db: t.db, provider: { getMigrations: async () => ({ '0001-initial-schema': initialSchema }) } });
    expect((await initial.migrateToLatest()).error).toBeUndefined();
    const [program] = await upsertPrograms(t.db, [{ name: 'p', scope: { labels: ['x'] }, targetDate: '2027-02-22', timezone: 'UTC', owner: 'Dana' }]);
    const risk = (identity: string, rule: string, subjects: string[], firstSeen: string, lastSeen: string, extra: Record<string, unknown> = {}) => ({
      program_id: program!.id,
      identity,
      rule,
      subject_items: JSON.stringify(subjects),
      severity: 'high' as const,
      owner: 'lee',
      title: `${identity} title`,
      evidence: JSON.stringify({ text: identity }),
      first_seen: day(firstSeen),
      last_seen: day(lastSeen),
      resolved_at: null as Date | null,
      mitigation: null as string | null,
      owner_override: null as string | null,
      acknowledged_by: null as string | null,
      ...extra,
    });
    await t.db
      .insertInto('risks')
      .values([
        // PAY-23 was blocked by PAY-27 and WEB-28 (weeks 1–2, with a human mitigation), then by PAY-27 only.
        risk('blocked:PAY-23,PAY-27,WEB-28', 'blocked', ['PAY-23', 'PAY-27', 'WEB-28'], '2026-11-02', '2026-11-09', {
          resolved_at: day('2026-11-16'),
          mitigation: 'Pairing with WEB on the intents API',
        }),
        risk('blocked:PAY-23,PAY-27', 'blocked', ['PAY-23', 'PAY-27'], '2026-11-16', '2026-11-23', { acknowledged_by: 'dana' }),
        // Old date-inversion rows listed [blocker, dependent].
        risk('date-inversion:PAY-27,WEB-27', 'date-inversion', ['WEB-27', 'PAY-27'], '2026-11-09', '2026-11-23'),
        risk('stale-in-progress:CORE-32', 'stale-in-progress', ['CORE-32'], '2026-11-02', '2026-11-23', { mitigation: 'ask Edsger' }),
      ])
      .execute();
    await t.db
      .insertInto('snapshots')
      .values({
        program_id: program!.id,
        period: '2026-W47',
        taken_at: day('2026-11-16'),
        colour: 'red',
        confidence: 0.44,
        critical_path: '[]',
        metrics: JSON.stringify({
          analysis: { targetDate: '2027-02-22' },
          riskSeverities: { 'blocked:PAY-23,PAY-27,WEB-28': 'high', 'blocked:PAY-23,PAY-27': 'medium', 'stale-in-progress:CORE-32': 'low' },
        }),
      })
      .execute();

    await migrateToLatest(t.db);

    const rows = await t.db.selectFrom('risks').selectAll().orderBy('identity').execute();
    expect(rows.map((r) => r.identity)).toEqual(['blocked:PAY-23', 'date-inversion:PAY-27', 'stale-in-progress:CORE-32']);
    const blocked = rows[0]!;
    expect(blocked.first_seen.toISOString()).toBe(day('2026-11-02').toISOString());
    expect(blocked.last_seen.toISOString()).toBe(day('2026-11-23').toISOString());
    expect(blocked.resolved_at).toBeNull();
    expect(blocked.subject_items).toEqual(['PAY-23', 'PAY-27']);
    expect(blocked.mitigation).toBe('Pairing with WEB on the intents API');
    expect(blocked.acknowledged_by).toBe('dana');
    expect(rows[2]!.mitigation).toBe('ask Edsger');

    const stored = await t.db.selectFrom('snapshots').select('metrics').executeTakeFirstOrThrow();
    expect(stored.metrics.riskSeverities).toEqual({ 'blocked:PAY-23': 'high', 'stale-in-progress:CORE-32': 'low' });
    const [summary] = await listSnapshotSummaries(t.db, program!.id);
    expect(summary?.targetDate).toBe('2027-02-22');
    const columns = (await t.db.introspection.getTables()).find((x) => x.name === 'snapshots')!.columns.map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['target_date', 'scope_definition']));
    expect((await sql<{ n: number }>`select count(*)::int as n from risks`.execute(t.db)).rows[0]?.n).toBe(3);
  });
});
