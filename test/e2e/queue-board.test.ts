/**
 * The BullMQ queue board at /admin/queues in headless Chromium, against the real server wiring
 * with Redis queues: an admin signs in and sees the four queues; a failed job can be retried and
 * nothing else changed; an editor is refused.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../services/app/http-app.js';
import { parseRuntimeSettings } from '../../services/config/load-config.js';
import { Secret } from '../../services/config/secret.js';
import { createLogger } from '../../services/logging/logger.js';
import { closeQueues, createQueues, QUEUE_NAMES, type SeamsQueues } from '../../workers/queues.js';
import { registerFixtureConfig } from '../helpers/register-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { launchChromium, openPage, signInWithSecret, listenOnLoopback } from './browser-kit.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SECRET = 'e2e-queue-board-shared-secret';

describe('queue board in Chromium', () => {
  const prefix = `seams-test-board-${randomBytes(4).toString('hex')}`;
  let t: TestDatabase;
  let connection: Redis;
  let queues: SeamsQueues;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let failedJobId: string;
  let waitingJobId: string;

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queues = createQueues({ connection, prefix, jobOptions: { rebuild: { attempts: 1 } } });
    // One failed rebuild job, made by a worker whose processor throws.
    const failing = new Worker(QUEUE_NAMES.rebuild, async () => {
      throw new Error('fixture failure');
    }, { connection, prefix });
    const failed = await queues.rebuild.add('rebuild', { programName: 'checkout-v2', trigger: 'test' });
    failedJobId = failed.id!;
    while ((await queues.rebuild.getJobState(failedJobId)) !== 'failed') await new Promise((r) => setTimeout(r, 50));
    await failing.close();
    waitingJobId = (await queues.sync.add('sync', { sourceName: 'jira', mode: 'full', reason: 'manual' })).id!;

    const runtime = {
      ...parseRuntimeSettings({}),
      dashboardSecret: new Secret(SECRET),
      signingKey: new Secret('e2e-queue-board-signing-key-0123456789'),
      publicUrl: 'http://seams.invalid',
    };
    ({ app } = await buildHttpApp({
      config: { file: registerFixtureConfig(), runtime },
      db: t.db,
      logger: createLogger({ level: 'silent' }),
      redis: { connection, queues, prefix },
    }));
    baseUrl = await listenOnLoopback(app);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (queues) await closeQueues(queues);
    if (connection) {
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length > 0) await connection.del(...keys);
      await connection.quit();
    }
    await t?.drop();
  });

  const signIn = (page: Page, name: string, next: string) => signInWithSecret(page, baseUrl, name, SECRET, next);

  it('shows an admin the four queues and lets them retry a failed job, and nothing else', async () => {
    const { page, scriptErrors } = await openPage(browser, 1280, 1000);
    await signIn(page, 'Ada Admin', '/admin/queues');
    for (const name of Object.values(QUEUE_NAMES)) {
      await expect.poll(() => page.getByText(name, { exact: true }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    }
    expect(scriptErrors).toEqual([]);

    // The board's own client sends the XSRF-TOKEN cookie back as X-XSRF-TOKEN; so does this one.
    const cookies = await page.context().cookies(`${baseUrl}/admin/queues`);
    const xsrf = cookies.find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
    expect(xsrf).not.toBe('');
    const put = (path: string, token = xsrf) =>
      page.context().request.put(`${baseUrl}/admin/queues/api/queues/${path}`, { headers: { 'x-xsrf-token': token } });
    expect((await put(`${QUEUE_NAMES.rebuild}/${failedJobId}/retry`, 'forged')).status()).toBe(403);
    expect((await put(`${QUEUE_NAMES.sync}/pause`)).status()).toBe(403);
    expect((await put(`${QUEUE_NAMES.sync}/empty`)).status()).toBe(403);
    expect((await put(`${QUEUE_NAMES.sync}/${waitingJobId}/retry`)).status()).toBe(403);
    expect(await queues.sync.getJobState(waitingJobId)).toBe('waiting');
    expect((await put(`${QUEUE_NAMES.rebuild}/${failedJobId}/retry`)).status()).toBe(204);
    expect(await queues.rebuild.getJobState(failedJobId)).toBe('waiting');
    await page.close();
  }, 120_000);

  it('refuses the board to an editor', async () => {
    const page = await browser.newPage();
    await signIn(page, 'Dana Whitfield', '/');
    const response = await page.goto(`${baseUrl}/admin/queues`);
    expect(response?.status()).toBe(403);
    const api = await page.context().request.get(`${baseUrl}/admin/queues/api/queues`);
    expect(api.status()).toBe(403);
    await page.close();
  }, 60_000);
});
