import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbSyncStore } from '../../../db/sync-store.js';
import { registerConfig } from '../../../services/app/register-config.js';
import { parseConfigFile, parseRuntimeSettings, resolveCredentials } from '../../../services/config/load-config.js';
import { createSeamsServices } from '../../../services/app/seams-services.js';
import { buildLeadershipView } from '../../../services/reports/leadership-view-model.js';
import { createSourceConnector } from '../../../services/connectors/connector-factory.js';
import { createLogger } from '../../../services/logging/logger.js';
import { saveTrackRecord } from '../../../db/track-records.js';
import { loadReportInputs } from '../../../services/rebuild/load-report-inputs.js';
import { rebuildProgram } from '../../../services/rebuild/rebuild-program.js';
import { startSandboxTrackers, type SandboxTrackers } from '../../../services/sandbox/sandbox-trackers.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

const NOW = new Date('2026-11-25T09:00:00Z');

describe.each(DIALECTS)('sandbox trackers → connectors → %s → rebuild', (kind) => {
  let t: TestDatabase;
  let sandbox: SandboxTrackers;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    sandbox = await startSandboxTrackers({ seed: 7, size: 'demo', now: NOW });
  });
  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  it('syncs both trackers through the real clients and finds the generated critical path', async () => {
    const file = parseConfigFile(sandbox.configDocument, 'sandbox');
    const credentials = resolveCredentials(file, sandbox.env, 'sandbox');
    await registerConfig(t.db, file);
    const store = createDbSyncStore(t.db);
    const logger = createLogger({ level: 'silent' });
    for (const source of ['jira', 'linear']) {
      const summary = await createSourceConnector({ sources: file.sources, credentials, store, logger }, source).sync({ mode: 'full' });
      expect(summary.items).toBeGreaterThan(0);
    }
    // SEC-12 belongs to a project Seams does not sync: it only exists as a placeholder.
    const teams = new Set(sandbox.program.teams.map((t) => t.key));
    const liveIssues = sandbox.program.issues.filter((i) => !i.deleted && teams.has(i.teamKey));
    const stored = await t.db.selectFrom('work_items').select(['key', 'placeholder']).where('placeholder', '=', false).execute();
    expect(stored).toHaveLength(liveIssues.length);
    // The cross-tracker links resolved to real items: the only placeholder is the unsynced project's.
    const placeholders = await t.db.selectFrom('work_items').select('key').where('placeholder', '=', true).execute();
    expect(placeholders.map((p) => p.key)).toEqual(sandbox.program.expected.placeholderKeys);

    const result = await rebuildProgram({ db: t.db, config: file, now: () => NOW }, 'launch');
    const idOf = new Map(sandbox.program.issues.map((i) => [i.id, `${i.tracker}:${i.id}`]));
    const expected = sandbox.program.expected.criticalPath.map((id) => idOf.get(id));
    expect(result.criticalPath).toEqual(expected);
    expect(['green', 'yellow', 'red']).toContain(result.colour);
    expect(result.headline).toMatch(/^(\d+%|>99%|<1%) likely by /);

    const inputs = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://localhost:8080' }, 'launch');
    expect(inputs?.current.period).toBe('2026-W48');
    expect(inputs?.risks.length).toBeGreaterThan(0);
    const rules = new Set(inputs!.risks.map((r) => r.rule));
    expect(rules).toContain('dependency-cycle');
    expect(rules).toContain('unowned-critical-work');

    // The generated teams have finished no release or epic yet: the track record says so, with no number.
    const services = createSeamsServices({ db: t.db, config: { file, credentials, runtime: parseRuntimeSettings({}) }, logger, now: () => NOW });
    expect(await services.refreshTrackRecord('launch')).toEqual({ releases: 0, metP85: 0 });
    const withRecord = await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://localhost:8080' }, 'launch');
    expect(withRecord?.trackRecord?.teams).toEqual(['CORE', 'DATA', 'MOB', 'PAY', 'WEB']);
    expect(buildLeadershipView(withRecord!).trackRecord).toMatch(/^Too little history for a track record yet/);

    // A track record whose real finishes all came before the simulation's early dates pulls the next rebuild's dates in.
    const raw = inputs!.current.forecast!;
    expect(raw.calibratedOn).toBeUndefined();
    await saveTrackRecord(t.db, 'launch', { ...withRecord!.trackRecord!, pits: new Array(40).fill(0.02) }, NOW);
    await rebuildProgram({ db: t.db, config: file, now: () => NOW }, 'launch');
    const recalibrated = (await loadReportInputs({ db: t.db, programs: file.programs, publicUrl: 'http://localhost:8080' }, 'launch'))!.current.forecast!;
    expect(recalibrated.calibratedOn).toBe(40);
    expect(recalibrated.percentileWorkingDays.p50).toBeLessThan(raw.percentileWorkingDays.p50);
    expect(recalibrated.p85 <= raw.p85).toBe(true);
  });
});
