/**
 * The TPM's weekly review against a real program: the sandbox trackers synced through the real
 * clients into PostgreSQL, rebuilt, then the register and decisions worked from the service and
 * the `seams` CLI. Rebuilds keep human fields, accepted risks leave the colour, closed risks the
 * engine raises again reopen, and the next report shows decisions and set-aside risks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { createDbSyncStore } from '../../../db/sync-store.js';
import { registerConfig } from '../../../services/app/register-config.js';
import { main } from '../../../services/cli.js';
import type { ConfigFile } from '../../../services/config/config-schema.js';
import { parseConfigFile, resolveCredentials } from '../../../services/config/load-config.js';
import { createSourceConnector } from '../../../services/connectors/connector-factory.js';
import { createLogger } from '../../../services/logging/logger.js';
import { loadReportInputs } from '../../../services/rebuild/load-report-inputs.js';
import { rebuildProgram } from '../../../services/rebuild/rebuild-program.js';
import { RegisterConflictError, RegisterInputError, RegisterNotFoundError } from '../../../services/register/register-input.js';
import { createRegisterService, type RegisterService } from '../../../services/register/register-service.js';
import { buildTpmReportView } from '../../../services/reports/tpm-report-view-model.js';
import { startSandboxTrackers, type SandboxTrackers } from '../../../services/sandbox/sandbox-trackers.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const NEXT_WEEK = new Date('2026-12-02T09:00:00Z');
const LATER = new Date('2027-01-20T09:00:00Z');

describe('risk register and decisions on a synced program', () => {
  let t: TestDatabase;
  let sandbox: SandboxTrackers;
  let file: ConfigFile;
  let register: RegisterService;
  let configPath: string;
  let clock = NOW;

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    sandbox = await startSandboxTrackers({ seed: 7, size: 'demo', now: NOW });
    const document = {
      ...sandbox.configDocument,
      people: [
        { name: 'Dana Whitfield', email: 'dana@example.com', role: 'editor' },
        { name: 'Val Viewer', email: 'val@example.com', role: 'viewer' },
      ],
    };
    file = parseConfigFile(document, 'sandbox');
    configPath = join(mkdtempSync(join(tmpdir(), 'seams-register-')), 'seams.config.yaml');
    writeFileSync(configPath, stringify(document));
    const credentials = resolveCredentials(file, sandbox.env, 'sandbox');
    await registerConfig(t.db, file);
    const store = createDbSyncStore(t.db);
    const logger = createLogger({ level: 'silent' });
    for (const source of ['jira', 'linear']) {
      await createSourceConnector({ sources: file.sources, credentials, store, logger }, source).sync({ mode: 'full' });
    }
    await rebuildProgram({ db: t.db, config: file, now: () => NOW }, 'launch');
    register = createRegisterService({ db: t.db, programs: file.programs, now: () => clock });
  }, 180_000);

  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  const rebuild = (at: Date) => rebuildProgram({ db: t.db, config: file, now: () => at }, 'launch');
  const changeCount = async () => Number((await t.db.selectFrom('change_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const saved = { ...process.env };
    Object.assign(process.env, sandbox.env, { SEAMS_CONFIG: configPath, DATABASE_URL: t.url, LOG_LEVEL: 'silent', SEAMS_USER: 'Dana Whitfield' });
    try {
      const code = await main(['node', 'seams', ...args]);
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      process.env = saved;
      log.mockRestore();
      error.mockRestore();
    }
  }

  it('makes the RACI Responsible the owner of a team’s unassigned risks, and Accountable the escalation target', async () => {
    const before = await register.listRisks('launch');
    const teamOwned = before.find((r) => r.detected && r.detectedOwner !== null && r.teams.includes(r.detectedOwner));
    expect(teamOwned, 'a risk owned by a team name (no assignee, no lead)').toBeDefined();
    const team = teamOwned!.detectedOwner!;
    const withRaci = { ...file, programs: file.programs.map((p) => ({ ...p, raci: { accountable: 'Ada Accountable', responsible: { [team]: 'Rita Responsible' }, consulted: [], informed: [] } })) };
    await rebuildProgram({ db: t.db, config: withRaci, now: () => NOW }, 'launch');
    const after = await register.getRisk(teamOwned!.id);
    expect(after.risk.owner).toBe('Rita Responsible');
    const inputs = await loadReportInputs({ db: t.db, programs: withRaci.programs, publicUrl: 'http://x' }, 'launch');
    expect(inputs!.program.raci?.accountable).toBe('Ada Accountable');
    expect(inputs!.current.reasons.some((r) => r.includes('Ada Accountable'))).toBe(true);
    await rebuild(NOW);
    expect((await register.getRisk(teamOwned!.id)).risk.owner).toBe(team);
  });

  it('edits survive rebuilds, with the full history of who changed what', async () => {
    const [risk] = await register.listRisks('launch', { sort: 'severity' });
    expect(risk).toBeDefined();
    const result = await register.updateRisk(risk!.id, { owner: 'Priya N', mitigation: 'Pair with Platform on the cluster', status: 'mitigating', note: 'Raised in the Monday review' }, 'Dana Whitfield');
    expect(result.changed).toEqual(['owner', 'mitigation', 'status', 'note']);
    await rebuild(NOW);
    const { risk: after, history } = await register.getRisk(risk!.id);
    expect(after).toMatchObject({ owner: 'Priya N', ownerOverride: 'Priya N', mitigation: 'Pair with Platform on the cluster', status: 'mitigating', detected: true });
    expect(history.map((h) => [h.actor, h.field, h.oldValue, h.newValue])).toEqual([
      ['Dana Whitfield', 'owner', null, 'Priya N'],
      ['Dana Whitfield', 'mitigation', null, 'Pair with Platform on the cluster'],
      ['Dana Whitfield', 'status', 'open', 'mitigating'],
      ['Dana Whitfield', 'note', null, 'Raised in the Monday review'],
    ]);
    const inputs = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://x' }, 'launch');
    expect(inputs!.risks.find((r) => r.review?.id === risk!.id)?.mitigation).toBe('Pair with Platform on the cluster');
  });

  it('snoozed risks stay out of the colour until the date', async () => {
    const [risk] = (await register.listRisks('launch', { status: 'open' })).filter((r) => r.detected && r.setAside === null);
    const snoozed = await register.updateRisk(risk!.id, { snoozeUntil: '2026-11-30' }, 'Dana Whitfield');
    expect(snoozed.risk.setAside).toBe('snoozed');
    clock = NEXT_WEEK;
    try {
      expect((await register.getRisk(risk!.id)).risk.setAside).toBeNull();
    } finally {
      clock = NOW;
    }
  });

  it('records, proposes and resolves decisions, and the next report shows them', async () => {
    const proposed = await register.proposedDecisions('launch');
    expect(proposed.length).toBeGreaterThan(0);
    const fromEngine = await register.recordProposedDecision('launch', proposed[0]!.riskId, 'Dana Whitfield');
    expect(fromEngine).toMatchObject({ question: proposed[0]!.question, riskIds: [proposed[0]!.riskId], status: 'open', createdBy: 'Dana Whitfield' });
    expect((await register.proposedDecisions('launch')).some((p) => p.riskId === proposed[0]!.riskId)).toBe(false);

    const [risk] = await register.listRisks('launch');
    const decision = await register.addDecision(
      'launch',
      { question: 'Ship without saved cards?', options: ['Ship without', 'Slip two weeks'], recommendation: 'Ship without', decider: 'VP Product', due: '2026-12-04', riskIds: [risk!.id] },
      'Dana Whitfield',
    );
    let inputs = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://x', now: () => NOW }, 'launch');
    const open = buildTpmReportView(inputs!).decisions.find((d) => d.id === decision.id);
    expect(open).toMatchObject({ title: 'Ship without saved cards?', owner: 'VP Product', options: ['Ship without', 'Slip two weeks'], recommendation: 'Ship without' });

    const resolved = await register.resolveDecision(decision.id, { outcome: 'Ship without saved cards; add them in 2.1' }, 'Dana Whitfield');
    expect(resolved).toMatchObject({ status: 'decided', decidedBy: 'VP Product', outcome: 'Ship without saved cards; add them in 2.1' });
    await expect(register.resolveDecision(decision.id, { outcome: 'again' }, 'Dana Whitfield')).rejects.toBeInstanceOf(RegisterConflictError);

    inputs = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://x', now: () => NOW }, 'launch');
    const view = buildTpmReportView(inputs!);
    expect(view.decisions.some((d) => d.id === decision.id)).toBe(false);
    expect(view.decidedThisWeek.map((d) => d.id)).toEqual([decision.id]);
    const history = (await register.getDecision(decision.id)).history.map((h) => [h.actor, h.field, h.newValue]);
    expect(history).toEqual([
      ['Dana Whitfield', 'created', 'Ship without saved cards?'],
      ['Dana Whitfield', 'status', 'decided'],
      ['Dana Whitfield', 'outcome', 'Ship without saved cards; add them in 2.1'],
    ]);
  });

  it('rejects bad input with a clear error and changes nothing', async () => {
    const [risk] = await register.listRisks('launch');
    const before = await changeCount();
    await expect(register.updateRisk(risk!.id, { status: 'done' }, 'Dana')).rejects.toThrow(/status: expected one of open, mitigating, accepted, closed/);
    await expect(register.updateRisk(risk!.id, { snoozeUntil: '2026-02-30' }, 'Dana')).rejects.toThrow(/snoozeUntil: not a real calendar date/);
    await expect(register.updateRisk(risk!.id, { mitigation: 'x'.repeat(4001) }, 'Dana')).rejects.toThrow(/mitigation: at most 4000 characters/);
    await expect(register.updateRisk(risk!.id, { mitigation: 'fine', status: 'nope' }, 'Dana')).rejects.toBeInstanceOf(RegisterInputError);
    await expect(register.updateRisk(999_999, { mitigation: 'x' }, 'Dana')).rejects.toBeInstanceOf(RegisterNotFoundError);
    await expect(register.addDecision('launch', { question: 'Q', riskIds: [999_999] }, 'Dana')).rejects.toThrow(/no risk 999999 in program launch/);
    await expect(register.addDecision('launch', { question: '', options: [] }, 'Dana')).rejects.toThrow(/question: must not be empty/);
    expect(await changeCount()).toBe(before);
    expect((await register.getRisk(risk!.id)).risk.mitigation).not.toBe('fine');
  });

  it('works the register from the CLI', async () => {
    const listed = await cli('risks', '--program', 'launch', '--json');
    expect(listed.code).toBe(0);
    const risks = (JSON.parse(listed.out) as { risks: { id: number; teams: string[] }[] }).risks;
    expect(risks.length).toBeGreaterThan(0);
    const id = risks.find((r) => r.teams.length > 0)!.id;
    const team = risks.find((r) => r.id === id)!.teams[0]!;
    const byTeam = JSON.parse((await cli('risks', '--program', 'launch', '--team', team, '--json')).out) as { risks: { teams: string[] }[] };
    expect(byTeam.risks.length).toBeGreaterThan(0);
    expect(byTeam.risks.every((r) => r.teams.includes(team))).toBe(true);

    const updated = await cli('risk', 'update', String(id), '--mitigation', 'Swarm on it', '--status', 'mitigating', '--snooze-until', '2026-12-09', '--note', 'from the CLI');
    expect(updated.code).toBe(0);
    expect(updated.out).toContain(`Risk ${id}: updated mitigation`);
    const mitigating = JSON.parse((await cli('risks', '--program', 'launch', '--status', 'mitigating', '--json')).out) as { risks: { id: number; mitigation: string }[] };
    expect(mitigating.risks.find((r) => r.id === id)?.mitigation).toBe('Swarm on it');
    expect((await cli('risk', 'show', String(id))).out).toMatch(/Dana Whitfield {2}note: from the CLI/);

    const before = await changeCount();
    for (const bad of [
      ['risk', 'update', String(id), '--status', 'done'],
      ['risk', 'update', String(id), '--snooze-until', '09/12/2026'],
      ['risk', 'update', '999999', '--note', 'x'],
      ['risk', 'update', 'abc', '--note', 'x'],
      ['risk', 'update', String(id), '--note', 'y'.repeat(4001)],
      ['risk', 'update', String(id), '--note', 'x', '--as', 'Val Viewer'],
      ['risks', '--program', 'launch', '--status', 'done'],
      ['decision', 'add', '--program', 'launch', '--question', 'Q?', '--due', '2026-13-01'],
      ['decision', 'add', '--program', 'nope', '--question', 'Q?'],
      ['decision', 'resolve', '999999', '--outcome', 'x'],
    ]) {
      const run = await cli(...bad);
      expect(run.code, bad.join(' ')).not.toBe(0);
      expect(run.err, bad.join(' ')).toMatch(/^seams: .+/);
    }
    expect((await cli('risk', 'update', String(id), '--status', 'done')).err).toContain('status: expected one of open, mitigating, accepted, closed');
    expect((await cli('risk', 'update', '999999', '--note', 'x')).err).toContain('no risk with id 999999');
    expect(await changeCount()).toBe(before);

    const added = await cli('decision', 'add', '--program', 'launch', '--question', 'Cut gift cards?', '--option', 'Cut', '--option', 'Keep and slip', '--recommendation', 'Cut', '--decider', 'VP Product', '--due', '2026-12-10', '--risk', String(id), '--json');
    expect(added.code).toBe(0);
    const decision = JSON.parse(added.out) as { id: number; options: string[]; createdBy: string };
    expect(decision).toMatchObject({ options: ['Cut', 'Keep and slip'], createdBy: 'Dana Whitfield' });
    expect((await cli('decisions', '--program', 'launch')).out).toContain(`#${decision.id} [open] Cut gift cards?`);
    const resolved = await cli('decision', 'resolve', String(decision.id), '--outcome', 'Cut from v2');
    expect(resolved.code).toBe(0);
    expect(resolved.out).toMatch(/outcome \(2\d{3}-\d{2}-\d{2}, VP Product\): Cut from v2/);
  });
  it('accepted risks leave the colour and have their own section; closed risks raised again reopen', async () => {
    // Weeks later the blocked chain and the target miss are critical.
    clock = LATER;
    await rebuild(LATER);
    const critical = (await register.listRisks('launch', { severity: 'critical' })).filter((r) => r.detected);
    expect(critical.length).toBeGreaterThan(0);
    const before = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://x', now: () => LATER }, 'launch');
    const titleIn = (reasons: readonly string[], title: string) => reasons.some((r) => r.startsWith(title));
    expect(titleIn(before!.current.reasons, critical[0]!.title)).toBe(true);

    for (const r of critical) await register.updateRisk(r.id, { status: 'accepted', note: 'Known; launch goes ahead' }, 'Dana Whitfield');
    await rebuild(LATER);
    const accepted = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://x', now: () => LATER }, 'launch');
    for (const r of critical) expect(titleIn(accepted!.current.reasons, r.title)).toBe(false);
    const view = buildTpmReportView(accepted!);
    expect(view.risks.setAside.map((r) => r.id).sort()).toEqual(critical.map((r) => r.id).sort());
    expect(view.risks.active.some((r) => critical.some((c) => c.id === r.id))).toBe(false);

    const target = critical[0]!;
    await register.updateRisk(target.id, { status: 'closed' }, 'Dana Whitfield');
    await rebuild(LATER);
    const { risk, history } = await register.getRisk(target.id);
    expect(risk.status).toBe('open');
    expect(history.at(-1)).toMatchObject({ actor: 'seams (rebuild)', field: 'status', oldValue: 'closed', newValue: 'open' });
    expect(history.at(-2)).toMatchObject({ actor: 'Dana Whitfield', field: 'status', oldValue: 'accepted', newValue: 'closed' });
  });
});
