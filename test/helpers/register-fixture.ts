/**
 * A database holding the report fixture's program as rebuilds would leave it: the program row,
 * this week's snapshot (taken `now`) and the fixture's open risks in the register. For the
 * dashboard's register pages and API, without syncing trackers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { syncRiskRegister } from '../../db/risks.js';
import { saveSnapshot } from '../../db/snapshots.js';
import { registerConfig } from '../../services/app/register-config.js';
import type { ConfigFile } from '../../services/config/config-schema.js';
import { parseConfigFile } from '../../services/config/load-config.js';
import { isoWeekPeriod } from '../../services/rebuild/report-period.js';
import { reportInputsFixture } from '../fixtures/reports/program-report-inputs.js';

export const PEOPLE = [
  { name: 'Dana Whitfield', email: 'dana@example.com', role: 'editor' },
  { name: 'Val Viewer', email: 'val@example.com', role: 'viewer' },
  { name: 'Ada Admin', email: 'ada@example.com', role: 'admin' },
] as const;

export function registerFixtureConfig(): ConfigFile {
  const { program } = reportInputsFixture();
  return parseConfigFile(
    {
      programs: [{ name: program.name, title: program.title, owner: program.owner, targetDate: program.targetDate, timezone: program.timezone, scope: { keys: ['PAY-88'] } }],
      subscriptions: [{ email: 'vp@example.com', program: program.name, audience: 'leadership' }],
      people: PEOPLE.map((p) => ({ ...p })),
    },
    'register-fixture',
  );
}

/** Seeds the program; returns the register ids of the fixture's open risks by identity. */
export async function seedRegisterFixture(db: Kysely<Database>, file: ConfigFile, now: Date): Promise<Map<string, number>> {
  await registerConfig(db, file);
  const inputs = reportInputsFixture();
  const program = await db.selectFrom('programs').select('id').where('name', '=', inputs.program.name).executeTakeFirstOrThrow();
  const open = inputs.risks.filter((r) => r.status !== 'resolved');
  await saveSnapshot(db, program.id, { ...inputs.current, period: isoWeekPeriod(now, inputs.program.timezone), takenAt: now.toISOString() }, Object.fromEntries(open.map((r) => [r.identity, r.severity])));
  await syncRiskRegister(
    db,
    program.id,
    open.map((r) => ({
      identity: r.identity,
      rule: r.rule,
      severity: r.severity,
      owner: r.owner,
      title: r.title,
      subjectIds: r.subjectIds,
      evidence: { text: r.evidence, suggestedMitigation: r.mitigation, needBy: r.needBy },
    })),
    now,
  );
  const rows = await db.selectFrom('risks').select(['id', 'identity']).where('program_id', '=', program.id).execute();
  return new Map(rows.map((r) => [r.identity, r.id]));
}
