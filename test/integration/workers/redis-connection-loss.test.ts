/**
 * Redis connections killed under a running BullMQ worker (CLIENT KILL, as a Redis restart or a
 * failover does to clients): ioredis and BullMQ reconnect, the in-flight job completes exactly
 * once, later jobs are picked up, and the worker logs one warning per outage. Only this test's
 * own connections are killed: they are found by a name carrying the test's random prefix.
 */
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { createLogger } from '../../../services/logging/logger.js';
import { closeQueues, createQueues, type SeamsQueues } from '../../../workers/queues.js';
import { startWorker, type WorkerHandle } from '../../../workers/worker-main.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connectRedis, deletePrefix, fakeServices, randomPrefix, REDIS_URL, seedPrograms, testConfig, waitFor } from './worker-test-kit.js';

/** Kills every client connection whose name carries the marker; returns how many. */
async function killConnections(admin: Redis, marker: string): Promise<number> {
  const list = String(await admin.client('LIST'));
  const ids = list
    .split('\n')
    .filter((line) => /\bname=(\S*)/.exec(line)?.[1]?.includes(marker))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  for (const id of ids) await admin.client('KILL', 'ID', id);
  return ids.length;
}

async function namedConnections(admin: Redis, marker: string): Promise<number> {
  const list = String(await admin.client('LIST'));
  return list.split('\n').filter((line) => /\bname=(\S*)/.exec(line)?.[1]?.includes(marker)).length;
}

describe('Redis connections killed under a running worker', () => {
  let database: TestDatabase;
  let admin: Redis;
  let workerConnection: Redis;
  let prefix: string;
  let queues: SeamsQueues;
  let worker: WorkerHandle | undefined;
  let logLines: Record<string, unknown>[];
  let release: () => void = () => undefined;

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
    await seedPrograms(database.db);
    admin = connectRedis();
    prefix = randomPrefix();
    // Named so the test can find (and kill) exactly the worker's connections; BullMQ's own
    // blocking connections are named after the queue prefix, which carries the same marker.
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null, connectionName: `${prefix}:worker` });
    queues = createQueues({ connection: admin, prefix, jobOptions: { sync: { attempts: 3, backoff: { type: 'fixed', delay: 100 } } } });
    logLines = [];
  });
  afterEach(async () => {
    release();
    await worker?.close();
    worker = undefined;
    await closeQueues(queues);
    await workerConnection.quit();
    await deletePrefix(admin, prefix);
    await admin.quit();
    await database.drop();
  });

  it('the in-flight job completes once, the next jobs run, and each outage is one warning', async () => {
    onTestFailed(() => console.log(`worker log:\n${logLines.map((l) => JSON.stringify(l)).join('\n')}`));
    const services = fakeServices();
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let syncCalls = 0;
    services.syncSource = async () => {
      syncCalls += 1;
      if (syncCalls === 1) await gate;
      return { items: 1 };
    };
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    worker = await startWorker({
      config: testConfig(),
      services,
      db: database.db,
      connection: workerConnection,
      logger: createLogger({ level: 'info', destination }),
      prefix,
      transport: nodemailer.createTransport({ jsonTransport: true }),
      // A short debounce: after its connection was killed, a BullMQ worker's close() waits for the
      // blocking read ioredis re-sent on reconnect, which lasts until the next delayed job is due.
      tuning: { manageSchedules: false, busyRetryMs: 100, rebuildDebounceMs: 500 },
    });
    const lost = () => logLines.filter((l) => l.msg === 'redis connection lost; reconnecting, jobs resume when it is back').length;
    const restored = () => logLines.filter((l) => l.msg === 'redis connection restored').length;

    const first = await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'incremental', reason: 'manual' });
    await waitFor(() => syncCalls === 1, 15_000, 'the first sync to be in flight');
    const connectionsBefore = await namedConnections(admin, prefix);
    expect(await killConnections(admin, prefix)).toBeGreaterThanOrEqual(2);
    await waitFor(async () => restored() >= 1 && (await namedConnections(admin, prefix)) >= connectionsBefore, 15_000, 'the worker to reconnect');
    release();
    await waitFor(async () => (await queues.sync.getJobState(first.id!)) === 'completed', 15_000, 'the in-flight job to complete');

    // Killed again while idle (blocked waiting for work): the next job is still picked up.
    await waitFor(async () => (await namedConnections(admin, prefix)) >= connectionsBefore, 15_000, 'all connections back');
    expect(await killConnections(admin, prefix)).toBeGreaterThanOrEqual(2);
    await waitFor(() => restored() >= 2, 15_000, 'the second reconnect');
    const second = await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'incremental', reason: 'manual' });
    await waitFor(async () => (await queues.sync.getJobState(second.id!)) === 'completed', 15_000, 'a job added after the kill');

    // Every worker's connections are back before the test closes them.
    await waitFor(async () => (await namedConnections(admin, prefix)) >= connectionsBefore, 15_000, 'all connections back after the second kill');
    const firstJob = await queues.sync.getJob(first.id!);
    expect(firstJob?.returnvalue).toEqual({ items: 1 });
    expect(syncCalls).toBe(2);
    expect(await queues.sync.getJobCountByTypes('failed')).toBe(0);
    expect(lost()).toBe(2);
    expect(restored()).toBe(2);
    expect(logLines.filter((l) => l.msg === 'worker error' || l.msg === 'queue error')).toEqual([]);
  });
});
