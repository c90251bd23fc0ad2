import type { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDeliveries } from '../../../db/deliveries.js';
import { TrackerAuthError } from '../../../services/connectors/connector-errors.js';
import { closeQueues, createQueues, type SeamsQueues } from '../../../workers/queues.js';
import { startWorker, type WorkerHandle, type WorkerTuning } from '../../../workers/worker-main.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from '../delivery/smtp-test-server.js';
import {
  connectRedis,
  deletePrefix,
  fakeServices,
  randomPrefix,
  seedPrograms,
  silentLogger,
  testConfig,
  waitFor,
  type FakeServices,
} from './worker-test-kit.js';

const FAST: Partial<WorkerTuning> = {
  manageSchedules: false,
  rebuildDebounceMs: 1_500,
  busyRetryMs: 100,
  syncConcurrency: 3,
  jobOptions: {
    sync: { attempts: 3, backoff: { type: 'fixed', delay: 100 } },
    deliver: { attempts: 4, backoff: { type: 'fixed', delay: 100 } },
    report: { attempts: 2, backoff: { type: 'fixed', delay: 100 } },
  },
};

describe('worker', () => {
  let database: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let queues: SeamsQueues;
  let smtp: SmtpTestServer;
  let worker: WorkerHandle | undefined;

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
    await seedPrograms(database.db);
    redis = connectRedis();
    prefix = randomPrefix();
    queues = createQueues({ connection: redis, prefix, jobOptions: FAST.jobOptions });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await closeQueues(queues);
    await smtp?.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await database.drop();
  });

  async function start(services: FakeServices, smtpOptions: SmtpTestServerOptions = {}) {
    smtp = await startSmtpTestServer(smtpOptions);
    worker = await startWorker({
      config: testConfig({ SMTP_URL: smtp.url }),
      services,
      db: database.db,
      connection: redis,
      logger: silentLogger,
      prefix,
      transport: nodemailer.createTransport({ url: smtp.url, socketTimeout: 5_000 }),
      tuning: FAST,
    });
  }

  const finished = async (kind: keyof SeamsQueues, count: number) =>
    (await queues[kind].getJobCountByTypes('completed', 'failed')) >= count;

  it('ten completed syncs of a source trigger exactly one rebuild of its program', async () => {
    const services = fakeServices();
    await start(services);
    for (let i = 0; i < 10; i++) await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'incremental', reason: 'manual' });
    await waitFor(() => finished('sync', 10), 15_000, '10 syncs');
    await waitFor(() => finished('rebuild', 1), 15_000, 'the rebuild');
    await new Promise((r) => setTimeout(r, 300));
    expect(services.calls.filter((c) => c.op === 'sync')).toHaveLength(10);
    expect(services.calls.filter((c) => c.op === 'rebuild')).toEqual([{ op: 'rebuild', arg: 'checkout' }]);
    expect(await queues.rebuild.getJobCountByTypes('completed', 'failed', 'waiting', 'delayed', 'active')).toBe(1);
  });

  it('never runs two syncs of one source at once, while different sources overlap', async () => {
    const services = fakeServices();
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    let overallPeak = 0;
    services.syncSource = async (source) => {
      running.set(source, (running.get(source) ?? 0) + 1);
      peak.set(source, Math.max(peak.get(source) ?? 0, running.get(source)!));
      overallPeak = Math.max(overallPeak, [...running.values()].reduce((a, b) => a + b, 0));
      await new Promise((r) => setTimeout(r, 150));
      running.set(source, running.get(source)! - 1);
      return { items: 0 };
    };
    await start(services);
    for (const source of ['jira-main', 'jira-main', 'jira-main', 'linear']) {
      await queues.sync.add('sync', { sourceName: source, mode: 'incremental', reason: 'manual' });
    }
    await waitFor(() => finished('sync', 4), 15_000, '4 syncs');
    expect(peak.get('jira-main')).toBe(1);
    expect(overallPeak).toBe(2);
    expect(await queues.sync.getJobCountByTypes('failed')).toBe(0);
  });

  it('fails an auth error at once but retries a transient one', async () => {
    const services = fakeServices();
    let linearCalls = 0;
    services.syncSource = async (source) => {
      if (source === 'jira-main') throw new TrackerAuthError('jira-main', 401, '');
      linearCalls += 1;
      if (linearCalls === 1) throw new Error('socket hang up');
      return { items: 3 };
    };
    await start(services);
    const auth = await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'full', reason: 'manual' });
    const transient = await queues.sync.add('sync', { sourceName: 'linear', mode: 'full', reason: 'manual' });
    await waitFor(() => finished('sync', 2), 15_000, 'both syncs');
    const authJob = await queues.sync.getJob(auth.id!);
    expect(await authJob!.getState()).toBe('failed');
    expect(authJob!.attemptsMade).toBe(1);
    expect(authJob!.failedReason).toMatch(/^TrackerAuthError: .*rejected the credentials/);
    const transientJob = await queues.sync.getJob(transient.id!);
    expect(await transientJob!.getState()).toBe('completed');
    expect(transientJob!.returnvalue).toEqual({ items: 3 });
    expect(linearCalls).toBe(2);
  });

  it('sends exactly one report email per subscriber when deliver jobs are retried and the report re-runs', async () => {
    const services = fakeServices('2026-W12');
    // The first RCPT of the run is refused with 4xx: that deliver job fails once and is retried.
    await start(services, { rcptReply: (n) => (n === 1 ? '451 4.7.1 Greylisted, try again' : null) });
    await queues.report.add('report', { programName: 'checkout' });
    await waitFor(() => finished('deliver', 2), 15_000, 'two deliveries');
    await queues.report.add('report', { programName: 'checkout', period: '2026-W12' });
    await waitFor(() => finished('report', 2), 15_000, 'second report');
    await new Promise((r) => setTimeout(r, 500));

    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(['ada@acme.test', 'grace@acme.test']);
    const rows = await listDeliveries(database.db, '2026-W12');
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows.map((r) => r.attempts).sort()).toEqual([1, 2]);
    expect(services.calls.filter((c) => c.op === 'rebuild')).toHaveLength(1);
  });
});
