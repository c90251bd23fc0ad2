/**
 * Property: whatever the interleaving of rebuilds (random detected risks with random severities
 * and owners) and people's edits, a rebuild never overwrites a human field; a closed risk the
 * engine raises again reopens, and every human change is in the log exactly once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../../../db/change-log.js';
import { upsertPrograms } from '../../../db/programs.js';
import { applyRiskReview, getReviewedRisk, reopenRedetectedRisks } from '../../../db/risk-reviews.js';
import { syncRiskRegister, type DetectedRisk } from '../../../db/risks.js';
import type { RiskReviewStatusColumn, SeverityColumn } from '../../../db/database-types.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

const IDENTITIES = ['blocked:a', 'blocked:b', 'stale:c', 'cycle:d', 'target-miss'] as const;
const SEVERITIES: readonly SeverityColumn[] = ['low', 'medium', 'high', 'critical'];
const STATUSES: readonly RiskReviewStatusColumn[] = ['open', 'mitigating', 'accepted', 'closed'];

type Command =
  | { readonly kind: 'rebuild'; readonly detected: readonly { readonly identity: string; readonly severity: SeverityColumn; readonly owner: string | null }[] }
  | {
      readonly kind: 'edit';
      readonly identity: string;
      readonly owner?: string | null;
      readonly mitigation?: string | null;
      readonly status?: RiskReviewStatusColumn;
      readonly snoozeUntil?: string | null;
      readonly note?: string;
    };

const text = fc.string({ minLength: 1, maxLength: 12 });
const rebuild = fc
  .uniqueArray(
    fc.record({ identity: fc.constantFrom(...IDENTITIES), severity: fc.constantFrom(...SEVERITIES), owner: fc.option(text) }),
    { selector: (r) => r.identity, maxLength: IDENTITIES.length },
  )
  .map((detected): Command => ({ kind: 'rebuild', detected }));
const edit = fc
  .record(
    {
      identity: fc.constantFrom(...IDENTITIES),
      owner: fc.option(text),
      mitigation: fc.option(text),
      status: fc.constantFrom(...STATUSES),
      snoozeUntil: fc.option(fc.constantFrom('2026-12-01', '2027-01-15', '2027-03-31')),
      note: text,
    },
    { requiredKeys: ['identity'] },
  )
  .map((e): Command => ({ kind: 'edit', ...e }));

interface ModelRisk {
  owner: string | null;
  mitigation: string | null;
  status: RiskReviewStatusColumn;
  snoozeUntil: string | null;
  logEntries: number;
}

describe.each(DIALECTS)('risk register human fields on %s', (kind) => {
  let t: TestDatabase;
  let runs = 0;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('survive any sequence of rebuilds and edits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 2, arbitrary: rebuild }, { weight: 3, arbitrary: edit }), { minLength: 1, maxLength: 14 }), async (commands) => {
        runs += 1;
        const [program] = await upsertPrograms(t.db, [{ name: `p-${runs}`, scope: { keys: ['A-1'] }, targetDate: '2027-06-30', timezone: 'UTC', owner: 'Dana' }]);
        const programId = program!.id;
        const model = new Map<string, ModelRisk>();
        const ids = new Map<string, number>();
        let clock = Date.parse('2026-11-02T09:00:00Z');

        for (const command of commands) {
          clock += 3_600_000;
          const at = new Date(clock);
          if (command.kind === 'rebuild') {
            const detected: DetectedRisk[] = command.detected.map((d) => ({
              identity: d.identity, rule: d.identity.split(':')[0]!, severity: d.severity, owner: d.owner,
              title: `Risk ${d.identity}`, subjectIds: [], evidence: { text: 'engine says so' },
            }));
            await t.db.transaction().execute(async (trx) => {
              await syncRiskRegister(trx, programId, detected, at);
              await reopenRedetectedRisks(trx, programId, detected.map((d) => d.identity), at);
            });
            for (const d of detected) {
              const existing = model.get(d.identity);
              if (!existing) model.set(d.identity, { owner: null, mitigation: null, status: 'open', snoozeUntil: null, logEntries: 0 });
              else if (existing.status === 'closed') {
                existing.status = 'open';
                existing.logEntries += 1;
              }
            }
            continue;
          }
          const current = model.get(command.identity);
          if (!current) continue;
          let id = ids.get(command.identity);
          if (id === undefined) {
            const row = await t.db.selectFrom('risks').select('id').where('program_id', '=', programId).where('identity', '=', command.identity).executeTakeFirstOrThrow();
            id = row.id;
            ids.set(command.identity, id);
          }
          const row = await getReviewedRisk(t.db, id);
          const logged = await t.db.transaction().execute((trx) =>
            applyRiskReview(
              trx,
              row!,
              {
                ...(command.owner !== undefined ? { ownerOverride: command.owner } : {}),
                ...(command.mitigation !== undefined ? { mitigation: command.mitigation } : {}),
                ...(command.status !== undefined ? { status: command.status } : {}),
                ...(command.snoozeUntil !== undefined ? { snoozeUntil: command.snoozeUntil } : {}),
                ...(command.note !== undefined ? { note: command.note } : {}),
              },
              'tester',
              at,
            ),
          );
          let expected = 0;
          const change = <K extends 'owner' | 'mitigation' | 'status' | 'snoozeUntil'>(key: K, value: ModelRisk[K] | undefined) => {
            if (value === undefined || value === current[key]) return;
            current[key] = value;
            expected += 1;
          };
          change('owner', command.owner);
          change('mitigation', command.mitigation);
          change('status', command.status);
          change('snoozeUntil', command.snoozeUntil);
          if (command.note !== undefined) expected += 1;
          expect(logged).toHaveLength(expected);
          current.logEntries += expected;
        }

        const rows = await t.db
          .selectFrom('risks')
          .leftJoin('risk_reviews', 'risk_reviews.risk_id', 'risks.id')
          .select(['risks.id', 'risks.identity', 'risks.owner_override', 'risks.mitigation', 'risk_reviews.status', 'risk_reviews.snooze_until'])
          .where('risks.program_id', '=', programId)
          .execute();
        expect(rows.map((r) => r.identity).sort()).toEqual([...model.keys()].sort());
        for (const row of rows) {
          const expected = model.get(row.identity)!;
          expect({ owner: row.owner_override, mitigation: row.mitigation, status: row.status ?? 'open', snoozeUntil: row.snooze_until ?? null }).toEqual({
            owner: expected.owner, mitigation: expected.mitigation, status: expected.status, snoozeUntil: expected.snoozeUntil,
          });
          expect(await listChanges(t.db, 'risk', row.id)).toHaveLength(expected.logEntries);
        }
      }),
      { numRuns: kind === 'pglite' ? 60 : 40 },
    );
  }, 240_000);
});
