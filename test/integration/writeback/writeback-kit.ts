/**
 * Shared setup of the write-back integration tests: the sandbox trackers with the demo program,
 * a test database, the real SeamsServices (sync → rebuild → write-back) and helpers to read
 * what the trackers received.
 */
import { registerConfig } from '../../../services/app/register-config.js';
import { createSeamsServices } from '../../../services/app/seams-services.js';
import type { ConfigFile } from '../../../services/config/config-schema.js';
import { parseConfigFile, parseRuntimeSettings, resolveCredentials } from '../../../services/config/load-config.js';
import type { RetryPolicy } from '../../../services/connectors/retry-policy.js';
import { createLogger } from '../../../services/logging/logger.js';
import type { DatabaseKind } from '../../../db/connection.js';
import { startSandboxTrackers, type SandboxTrackers } from '../../../services/sandbox/sandbox-trackers.js';
import type { WriteBackMode } from '../../../services/writeback/writeback-config.js';
import type { AppServices } from '../../../services/app/app-services.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

export const NOW = new Date('2026-11-25T09:00:00Z');
export const PUBLIC_URL = 'http://seams.test';

export interface WritebackWorld {
  readonly t: TestDatabase;
  readonly sandbox: SandboxTrackers;
  file: ConfigFile;
  services: AppServices;
  /** Re-reads both trackers (full: the sandbox clock is in the past, incremental cursors are not). */
  sync(): Promise<void>;
  rebuild(): ReturnType<AppServices['rebuildProgram']>;
  /** Same world, other program settings (title, write-back mode). */
  reconfigure(program: { title?: string; mode?: WriteBackMode }): void;
  /** Seams comments on an issue of either tracker (by sandbox id), as plain text or JSON. */
  commentsOn(issueId: string): string[];
  close(): Promise<void>;
}

export async function writebackWorld(kind: DatabaseKind, mode: WriteBackMode, writebackRetryPolicy?: Partial<RetryPolicy>): Promise<WritebackWorld> {
  const t = await createTestDatabase(kind);
  const sandbox = await startSandboxTrackers({ seed: 7, size: 'demo', now: NOW });
  const logger = createLogger({ level: 'silent' });
  const credentials = resolveCredentials(parseConfigFile(sandbox.configDocument, 'sandbox'), sandbox.env, 'sandbox');
  const configure = (program: { title?: string; mode?: WriteBackMode }): ConfigFile => {
    const doc = sandbox.configDocument;
    const programs = (doc['programs'] as Record<string, unknown>[]).map((p) => ({
      ...p,
      ...(program.title ? { title: program.title } : {}),
      writeBack: { mode: program.mode ?? mode, label: 'seams-critical' },
    }));
    return parseConfigFile({ ...doc, programs }, 'sandbox');
  };
  const servicesFor = (file: ConfigFile) =>
    createSeamsServices({
      db: t.db,
      config: { file, credentials, runtime: { ...parseRuntimeSettings({}), publicUrl: PUBLIC_URL } },
      logger,
      now: () => NOW,
      ...(writebackRetryPolicy ? { writebackRetryPolicy } : {}),
    });
  const file = configure({});
  await registerConfig(t.db, file);
  const world: WritebackWorld = {
    t,
    sandbox,
    file,
    services: servicesFor(file),
    async sync() {
      for (const source of ['jira', 'linear']) await world.services.syncSource(source, { mode: 'full' }, () => {});
    },
    rebuild: () => world.services.rebuildProgram('launch'),
    reconfigure(program) {
      world.file = configure(program);
      world.services = servicesFor(world.file);
    },
    commentsOn(issueId) {
      const jira = sandbox.jira.writes.comments(issueId).map((c) => JSON.stringify(c.body));
      const linear = sandbox.linear.writes.comments(issueId).map((c) => c.body);
      return [...jira, ...linear];
    },
    async close() {
      await sandbox.close();
      await t.drop();
    },
  };
  await world.sync();
  return world;
}

/** Sandbox issue id of a graph id (`jira:10042` → `10042`). */
export const sandboxId = (graphId: string): string => graphId.slice(graphId.indexOf(':') + 1);
