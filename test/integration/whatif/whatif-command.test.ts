/**
 * `seams whatif --program` end to end: the sandbox program synced into a real database, the CLI
 * in its own process reading the config file and the database, a slip on the critical path.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbSyncStore } from '../../../db/sync-store.js';
import { registerConfig } from '../../../services/app/register-config.js';
import { parseConfigFile, resolveCredentials } from '../../../services/config/load-config.js';
import { createSourceConnector } from '../../../services/connectors/connector-factory.js';
import { createLogger } from '../../../services/logging/logger.js';
import { startSandboxTrackers, type SandboxTrackers } from '../../../services/sandbox/sandbox-trackers.js';
import { UnknownProgramError } from '../../../services/rebuild/rebuild-program.js';
import { createWhatIfService, databaseWhatIfGraphs } from '../../../services/whatif/whatif-service.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const run = promisify(execFile);

describe('seams whatif --program', () => {
  let t: TestDatabase;
  let sandbox: SandboxTrackers;
  let env: NodeJS.ProcessEnv;
  let file: ReturnType<typeof parseConfigFile>;

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    sandbox = await startSandboxTrackers({ seed: 7, size: 'demo', now: new Date() });
    file = parseConfigFile(sandbox.configDocument, 'sandbox');
    await registerConfig(t.db, file);
    const store = createDbSyncStore(t.db);
    const credentials = resolveCredentials(file, sandbox.env, 'sandbox');
    for (const source of ['jira', 'linear']) {
      await createSourceConnector({ sources: file.sources, credentials, store, logger: createLogger({ level: 'silent' }) }, source).sync({ mode: 'full' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'seams-whatif-'));
    writeFileSync(join(dir, 'seams.config.yaml'), stringify({ ...sandbox.configDocument, forecast: { trials: 2000, seed: 5 } }));
    env = { ...process.env, ...sandbox.env, DATABASE_URL: t.url, SEAMS_CONFIG: join(dir, 'seams.config.yaml'), LOG_LEVEL: 'silent' };
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
    await t?.drop();
  });

  const seams = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'services/cli.ts', ...args], { env, timeout: 120_000 });

  it('a slip on the critical path moves the finish by the slip and writes nothing', async () => {
    const before = await t.db.selectFrom('snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const today = JSON.parse((await seams('whatif', '--program', 'launch', '--json')).stdout);
    expect(today.moves).toEqual({ finishDays: 0, p85Days: 0 });
    const head = today.today.criticalPath[0] as string;
    const slipped = JSON.parse((await seams('whatif', '--program', 'launch', '--slip', `${head}=+5d`, '--json')).stdout);
    expect(slipped.moves.finishDays).toBe(5);
    expect(slipped.scenario.criticalPath).toContain(head);
    const text = (await seams('whatif', '--program', 'launch', '--slip', `${head}=+5d`)).stdout;
    expect(text).toContain('CPM finish moves +5 d');
    const after = await t.db.selectFrom('snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  }, 240_000);

  it('refuses an unknown key with a clear error and exit code 1', async () => {
    const failure = await seams('whatif', '--program', 'launch', '--slip', 'NOPE-999=+3d').then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('--slip NOPE-999=+3d: no item with key "NOPE-999" in program launch');
  }, 120_000);

  it('answers the same question for the dashboard from the database, writing nothing', async () => {
    const service = createWhatIfService(databaseWhatIfGraphs({ db: t.db, file }));
    const today = await service.compare('launch', {});
    const head = today.today.criticalPath[0] as string;
    const before = await t.db.selectFrom('snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const slipped = await service.compare('launch', { slip: [`${head}=+5d`] });
    expect(slipped.moves.finishDays).toBe(5);
    expect(slipped.trials).toBe(2000);
    await expect(service.compare('launch', { capacity: ['nobody=50%'] })).rejects.toThrow('--capacity nobody=50%: no team "nobody" in program launch');
    await expect(service.compare('elsewhere', {})).rejects.toThrow(UnknownProgramError);
    const after = await t.db.selectFrom('snapshots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  }, 120_000);
});
