/**
 * Shared setup for worker, delivery and http integration tests: a random Redis key prefix per
 * test (deleted afterwards), a config built in code, and fake business services that record calls.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { parseConfigFile, parseRuntimeSettings } from '../../../services/config/load-config.js';
import type { ConfigFile } from '../../../services/config/config-schema.js';
import type { AppConfig } from '../../../services/config/load-config.js';
import { createLogger, type Logger } from '../../../services/logging/logger.js';
import type { Database } from '../../../db/database-types.js';
import { upsertPrograms } from '../../../db/programs.js';
import type { AppServices } from '../../../services/app/app-services.js';
import type { RenderedEmail } from '../../../services/reports/render-email.js';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
export const SIGNING_KEY = 'test-signing-key-0123456789abcdef';
export const DASHBOARD_SECRET = 'dashboard-secret-0123456789';
export const PUBLIC_URL = 'https://seams.example.test';

export function randomPrefix(): string {
  return `seams-test-${randomBytes(5).toString('hex')}`;
}

export function connectRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** Deletes every key under the prefix (queues, schedulers, locks). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

export function testConfigFile(overrides: Record<string, unknown> = {}): ConfigFile {
  return parseConfigFile(
    {
      sources: [
        { kind: 'jira', name: 'jira-main', baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.test', tokenEnv: 'JIRA_TOKEN', projects: ['PAY'], syncEveryMinutes: 10 },
        { kind: 'linear', name: 'linear', tokenEnv: 'LINEAR_TOKEN', teams: ['WEB'] },
      ],
      programs: [
        { name: 'checkout', targetDate: '2026-07-15', timezone: 'Europe/Berlin', scope: { keys: ['PAY-1'] }, report: { weekday: 'monday', time: '08:00' } },
      ],
      subscriptions: [
        { email: 'ada@acme.test', program: 'checkout', audience: 'leadership' },
        { email: 'grace@acme.test', program: 'checkout', audience: 'tpm' },
      ],
      ...overrides,
    },
    'test-config',
  );
}

export function testConfig(env: Record<string, string> = {}, file: ConfigFile = testConfigFile()): Pick<AppConfig, 'runtime' | 'file'> {
  return {
    runtime: parseRuntimeSettings({
      SEAMS_SIGNING_KEY: SIGNING_KEY,
      SEAMS_DASHBOARD_SECRET: DASHBOARD_SECRET,
      SEAMS_PUBLIC_URL: PUBLIC_URL,
      MAIL_FROM: 'Seams <reports@seams.example.test>',
      ...env,
    }),
    file,
  };
}

export async function seedPrograms(db: Kysely<Database>, file: ConfigFile = testConfigFile()): Promise<void> {
  await upsertPrograms(
    db,
    file.programs.map((p) => ({ name: p.name, scope: { ...p.scope }, targetDate: p.targetDate, timezone: p.timezone, owner: p.owner ?? null })),
  );
}

export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function renderedEmail(programName: string, email: string): RenderedEmail {
  return {
    subject: `${programName}: weekly status`,
    html: `<p>Hello ${email}</p><img src="cid:burnup@seams">`,
    text: `Hello ${email}`,
    attachments: [{ cid: 'burnup@seams', filename: 'burnup.png', content: PNG_1X1, contentType: 'image/png' }],
  };
}

export interface FakeServices extends AppServices {
  readonly calls: { readonly op: string; readonly arg: string; readonly detail?: unknown }[];
}

/** Records every call; behaviour can be replaced per test by spreading over it. */
export function fakeServices(period = '2026-W12'): FakeServices {
  const calls: FakeServices['calls'][number][] = [];
  return {
    calls,
    async syncSource(sourceName, request, progress) {
      calls.push({ op: 'sync', arg: sourceName, detail: request });
      progress({ items: 1 });
      return { items: 1 };
    },
    async reconcileSource(sourceName) {
      calls.push({ op: 'reconcile', arg: sourceName });
      return { checked: 1 };
    },
    async rebuildProgram(programName) {
      calls.push({ op: 'rebuild', arg: programName });
      return { period, colour: 'green' };
    },
    async refreshTrackRecord() {
      return { releases: 0, metP85: 0 };
    },
    async programsUsingSource(sourceName) {
      calls.push({ op: 'programsUsingSource', arg: sourceName });
      return ['checkout'];
    },
    async renderProgramEmail(programName, audience, recipient) {
      calls.push({ op: 'render', arg: programName, detail: { audience, ...recipient } });
      return renderedEmail(programName, recipient.email);
    },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
