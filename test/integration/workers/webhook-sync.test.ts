import type { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, createQueues, enqueueTargetedSync, type SeamsQueues } from '../../../workers/queues.js';
import { createWebhookKeyStore, type WebhookKeyStore } from '../../../workers/webhook-keys.js';
import { startWorker, type WorkerHandle, type WorkerTuning } from '../../../workers/worker-main.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connectRedis, deletePrefix, fakeServices, randomPrefix, seedPrograms, silentLogger, testConfig, waitFor, type FakeServices } from './worker-test-kit.js';

const FAST: Partial<WorkerTuning> = {
  manageSchedules: false,
  rebuildDebounceMs: 200,
  busyRetryMs: 50,
  syncConcurrency: 3,
  jobOptions: { sync: { attempts: 3, backoff: { type: 'fixed', delay: 100 } } },
};
const COALESCE_MS = 400;

const keysOf = (call: FakeServices['calls'][number]): string[] => (call.detail as { itemKeys?: string[] }).itemKeys ?? [];

describe('webhook syncs', () => {
  let database: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let queues: SeamsQueues;
  let webhookKeys: WebhookKeyStore;
  let worker: WorkerHandle | undefined;

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
    await seedPrograms(database.db);
    redis = connectRedis();
    prefix = randomPrefix();
    queues = createQueues({ connection: redis, prefix, jobOptions: FAST.jobOptions });
    webhookKeys = createWebhookKeyStore(redis, prefix);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await closeQueues(queues);
    await deletePrefix(redis, prefix);
    await redis.quit();
    await database.drop();
  });

  async function start(services: FakeServices): Promise<void> {
    worker = await startWorker({
      config: testConfig(),
      services,
      db: database.db,
      connection: redis,
      logger: silentLogger,
      prefix,
      transport: nodemailer.createTransport({ jsonTransport: true }),
      tuning: FAST,
    });
  }
  const webhook = (source: string, keys: readonly string[]) => enqueueTargetedSync({ queues, keys: webhookKeys }, source, keys, COALESCE_MS);
  const idle = async (): Promise<boolean> => {
    const open = await queues.sync.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
    const [linear, jira] = await Promise.all([webhookKeys.pending('linear'), webhookKeys.pending('jira-main')]);
    return open === 0 && [linear, jira].every((p) => p.pending.length === 0 && p.inFlight.length === 0);
  };
  const syncCalls = (services: FakeServices, source: string) => services.calls.filter((c) => c.op === 'sync' && c.arg === source);

  it('coalesces a burst into one job per source that syncs every key once', async () => {
    const services = fakeServices();
    await start(services);
    const jira = Array.from({ length: 40 }, (_, i) => `PAY-${i + 1}`);
    for (const key of jira) await webhook('jira-main', [key]);
    await webhook('linear', ['lin-a', 'lin-b']);
    await webhook('linear', ['lin-b']);
    expect(await queues.sync.getJobCountByTypes('delayed', 'waiting')).toBe(2);
    await waitFor(idle, 10_000, 'the webhook syncs');
    expect(syncCalls(services, 'jira-main').map(keysOf)).toEqual([[...jira].sort()]);
    expect(syncCalls(services, 'linear').map(keysOf)).toEqual([['lin-a', 'lin-b']]);
    expect(await queues.sync.getJobCountByTypes('completed', 'failed')).toBe(2);
  });

  it('syncs keys that arrive while the source is being synced, in a follow-up job', async () => {
    const services = fakeServices();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sync = services.syncSource.bind(services);
    services.syncSource = async (source, request, progress) => {
      const result = await sync(source, request, progress);
      await gate;
      return result;
    };
    await start(services);
    await webhook('linear', ['lin-1', 'lin-2']);
    await waitFor(() => syncCalls(services, 'linear').length === 1, 10_000, 'the first sync to start');
    await webhook('linear', ['lin-2', 'lin-3']);
    await webhook('linear', ['lin-4']);
    release();
    await waitFor(idle, 10_000, 'the follow-up sync');
    expect(syncCalls(services, 'linear').map(keysOf)).toEqual([
      ['lin-1', 'lin-2'],
      ['lin-2', 'lin-3', 'lin-4'],
    ]);
    expect(await queues.sync.getJobCountByTypes('completed')).toBe(2);
  });

  it('splits a large set into chunks of 100 keys and starts one rebuild', async () => {
    const services = fakeServices();
    await start(services);
    const keys = Array.from({ length: 250 }, (_, i) => `PAY-${String(i).padStart(3, '0')}`);
    await webhook('jira-main', keys);
    await waitFor(idle, 10_000, 'the chunked sync');
    const chunks = syncCalls(services, 'jira-main').map(keysOf);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(keys);
    await waitFor(async () => (await queues.rebuild.getJobCountByTypes('completed')) === 1, 10_000, 'the rebuild');
    const [job] = await queues.sync.getJobs(['completed']);
    expect(job?.returnvalue).toEqual({ webhookKeys: 250, items: 3 });
  });

  it('puts keys back when a chunk fails, and the retry syncs exactly those', async () => {
    const services = fakeServices();
    const sync = services.syncSource.bind(services);
    let calls = 0;
    services.syncSource = async (source, request, progress) => {
      calls += 1;
      if (calls === 2) throw new Error('socket hang up');
      return sync(source, request, progress);
    };
    await start(services);
    const keys = Array.from({ length: 150 }, (_, i) => `PAY-${String(i).padStart(3, '0')}`);
    await webhook('jira-main', keys);
    await waitFor(idle, 10_000, 'the retried sync');
    const chunks = syncCalls(services, 'jira-main').map(keysOf);
    // The first chunk is synced once; the failed second chunk is synced by the retry.
    expect(chunks.map((c) => c.length)).toEqual([100, 50]);
    expect(chunks.flat()).toEqual(keys);
    const [job] = await queues.sync.getJobs(['completed']);
    expect(job?.attemptsMade).toBe(2);
    expect(await queues.sync.getJobCountByTypes('failed')).toBe(0);
  });

  it('keeps keys a dead worker took in flight, for the next webhook sync to take', async () => {
    await webhookKeys.add('linear', ['lin-1', 'lin-2']);
    expect(await webhookKeys.take('linear')).toEqual(['lin-1', 'lin-2']);
    // The taker dies here without done() or restore(); a new webhook arrives.
    await webhookKeys.add('linear', ['lin-3']);
    expect(await webhookKeys.pending('linear')).toEqual({ pending: ['lin-3'], inFlight: ['lin-1', 'lin-2'] });
    expect(await webhookKeys.take('linear')).toEqual(['lin-1', 'lin-2', 'lin-3']);
    await webhookKeys.done('linear', ['lin-1']);
    await webhookKeys.restore('linear', ['lin-2', 'lin-3']);
    expect(await webhookKeys.pending('linear')).toEqual({ pending: ['lin-2', 'lin-3'], inFlight: [] });
  });
});
