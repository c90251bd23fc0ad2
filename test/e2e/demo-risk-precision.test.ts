/**
 * The demo program as a TPM would read it, at week 0 and after a six-week replay: the register's
 * High/Critical entries are the generator's planted problems only, and no risk text offers a date
 * already gone (a missed date is said as "overdue since D (N working days)").
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoRun } from '../../services/demo/run-demo.js';
import { createLogger } from '../../services/logging/logger.js';
import type { RiskRegisterEntry } from '../../services/reports/report-inputs.js';
import { SEVERITY_RANK } from '../../services/risk/risk-types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const ISO_DATE = /\d{4}-\d{2}-\d{2}/g;

/** Why a High/Critical entry is one of the demo's planted problems, or null when it is not. */
function plantedReason(run: DemoRun, risk: RiskRegisterEntry): string | null {
  const expected = run.program.expected;
  const sourceIdOf = (subject: string) => subject.slice(subject.indexOf(':') + 1);
  const subjects = risk.subjectIds.map(sourceIdOf);
  const keyOf = (id: string) => run.program.issues.find((i) => i.id === id)?.key ?? id;
  switch (risk.rule) {
    case 'dependency-cycle':
      return expected.cycles.some((cycle) => subjects.every((s) => cycle.includes(s))) ? 'planted cycle' : null;
    case 'unowned-critical-work':
      return expected.unassignedIds.includes(subjects[0]!) ? 'planted unassigned work' : null;
    case 'external-dependency':
      return (expected.placeholderKeys ?? []).some((key) => risk.title.includes(key)) ? 'planted external issue' : null;
    case 'stale-in-progress':
    case 'aging-wip':
      // Stale items are planted; the replay also stalls the first open main-chain item in odd weeks.
      return expected.staleIds.includes(subjects[0]!) || (expected.mainChain ?? []).includes(subjects[0]!) ? `planted stall of ${keyOf(subjects[0]!)}` : null;
    case 'scope-creep':
    case 'slipping-forecast':
    case 'target-miss':
      // Program-wide: the replay adds unplanned stories and stalls the chain on purpose.
      return run.weeks.length > 1 ? 'planted scope or slip in the replay' : null;
    default:
      return null;
  }
}

function pastDatesIn(text: string, asOf: string): string[] {
  // "overdue since D" is how a missed date must be said; every other date must be today or later.
  const allowed = new Set([...text.matchAll(/overdue since (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]));
  return [...text.matchAll(ISO_DATE)].map((m) => m[0]).filter((d) => d < asOf && !allowed.has(d));
}

describe.each([0, 6])('demo risk register after %i weeks', (weeks) => {
  let t: TestDatabase | undefined;
  let run: DemoRun | undefined;

  afterAll(async () => {
    await run?.close();
    await t?.drop();
  });

  it('holds only planted problems at High/Critical and no past date in any risk text', async () => {
    t = await createTestDatabase('postgres');
    run = await runDemo({
      dataDir: mkdtempSync(join(tmpdir(), 'seams-precision-data-')),
      outDir: mkdtempSync(join(tmpdir(), 'seams-precision-out-')),
      fresh: true,
      weeks,
      databaseUrl: t.url,
      publicUrl: 'http://127.0.0.1:8080',
      logger: createLogger({ level: 'silent' }),
      say: () => {},
    });
    const asOf = run.inputs.current.asOf;
    const active = run.inputs.risks.filter((r) => r.status !== 'resolved');
    const serious = active.filter((r) => SEVERITY_RANK[r.severity] >= SEVERITY_RANK.high);
    expect(serious.length).toBeGreaterThan(0);
    for (const risk of serious) expect(plantedReason(run, risk), `${risk.severity} ${risk.title}`).not.toBeNull();
    // The issue's noise: same-team and on-time hand-offs raised as High "blocked" risks.
    expect(serious.filter((r) => r.rule === 'blocked').map((r) => r.title)).toEqual([]);
    for (const risk of active) {
      expect(pastDatesIn(`${risk.title} ${risk.evidence} ${risk.mitigation ?? ''}`, asOf), risk.title).toEqual([]);
    }
  }, 600_000);
});
