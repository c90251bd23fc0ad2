import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDelivery } from '../../../db/deliveries.js';
import type { SubscriptionRow } from '../../../db/database-types.js';
import { createSubscriptionService } from '../../../services/delivery/subscription-service.js';
import { closeQueues, createQueues, deliverJobId, type SeamsQueues } from '../../../workers/queues.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import {
  SIGNING_KEY,
  connectRedis,
  deletePrefix,
  randomPrefix,
  seedPrograms,
  testConfigFile,
  waitFor,
} from '../workers/worker-test-kit.js';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js';

const CHILD = fileURLToPath(new URL('./crash-worker-child.ts', import.meta.url));
const PERIOD = '2026-W12';

interface ChildWorker {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly output: string[];
  /** SIGKILL the worker itself (not the npx wrapper) and wait until it is gone. */
  kill9(): Promise<void>;
}

describe('worker killed mid-job', () => {
  let database: TestDatabase;
  let redis: Redis;
  let prefix: string;
  let queues: SeamsQueues;
  let smtp: SmtpTestServer | undefined;
  let subscriptions: SubscriptionRow[];
  const children: ChildWorker[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
    await seedPrograms(database.db);
    subscriptions = await createSubscriptionService({ db: database.db, signingKey: SIGNING_KEY }).syncFromConfig(testConfigFile());
    redis = connectRedis();
    prefix = randomPrefix();
    queues = createQueues({ connection: redis, prefix });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      // The whole process group (npx, tsx and the worker): a signal to npx alone leaves the worker running.
      const group = -child.process.pid!;
      if (isAlive(group)) process.kill(group, 'SIGTERM');
      await waitFor(() => !isAlive(group), 30_000, 'worker exit');
    }
    await closeQueues(queues);
    await smtp?.close();
    smtp = undefined;
    await deletePrefix(redis, prefix);
    await redis.quit();
    await database.drop();
  });

  async function spawnWorker(mode: 'normal' | 'block-sync'): Promise<ChildWorker> {
    const child = spawn('npx', ['tsx', CHILD], {
      env: {
        ...process.env,
        CHILD_DATABASE_URL: database.url!,
        CHILD_PREFIX: prefix,
        CHILD_SMTP_URL: smtp!.url,
        CHILD_PERIOD: PERIOD,
        CHILD_MODE: mode,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so cleanup can signal the worker behind npx and tsx.
      detached: true,
    });
    const output: string[] = [];
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`worker exited early: ${stderr}`);
      return output.includes('ready');
    }, 30_000, 'child worker start');
    const pid = Number(output.find((l) => l.startsWith('pid '))?.slice(4));
    const handle: ChildWorker = {
      process: child,
      pid,
      output,
      async kill9() {
        process.kill(pid, 'SIGKILL');
        await waitFor(() => !isAlive(pid), 5_000, 'worker death');
      },
    };
    children.push(handle);
    return handle;
  }

  it('sends exactly one email when the worker dies after the server got DATA but before the outbox was updated', async () => {
    let first: ChildWorker | undefined;
    let killedMidSend = false;
    smtp = await startSmtpTestServer({
      beforeAccept: async () => {
        if (killedMidSend) return;
        killedMidSend = true;
        // The message is stored; the sender dies before it can read the 250 or write `sent`.
        await first!.kill9();
      },
    });
    first = await spawnWorker('normal');
    const ada = subscriptions.find((s) => s.email === 'ada@acme.test')!;
    await queues.deliver.add('deliver', { subscriptionId: ada.id, period: PERIOD }, { jobId: deliverJobId(ada.id, PERIOD), attempts: 20, backoff: { type: 'fixed', delay: 300 } });
    await waitFor(() => killedMidSend, 30_000, 'the first send');
    expect((await getDelivery(database.db, ada.id, PERIOD))?.status).toBe('sending');

    await spawnWorker('normal');
    const job = () => queues.deliver.getJob(deliverJobId(ada.id, PERIOD));
    await waitFor(async () => (await (await job())?.getState()) === 'completed', 30_000, 'the recovered deliver job');
    expect((await job())?.returnvalue).toBe('unknown-outcome');

    const grace = subscriptions.find((s) => s.email === 'grace@acme.test')!;
    await queues.deliver.add('deliver', { subscriptionId: grace.id, period: PERIOD }, { jobId: deliverJobId(grace.id, PERIOD) });
    await waitFor(async () => (await getDelivery(database.db, grace.id, PERIOD))?.status === 'sent', 30_000, 'grace delivery');
    await new Promise((r) => setTimeout(r, 500));

    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(['ada@acme.test', 'grace@acme.test']);
    const row = await getDelivery(database.db, ada.id, PERIOD);
    expect(row?.status).toBe('failed');
    expect(row?.error).toMatch(/^outcome unknown: attempt 1 stopped during the SMTP transaction; not resent/);
  });

  it('recovers a stalled sync job after its worker is killed', async () => {
    smtp = await startSmtpTestServer();
    const first = await spawnWorker('block-sync');
    const added = await queues.sync.add('sync', { sourceName: 'jira-main', mode: 'incremental', reason: 'manual' });
    await waitFor(() => first.output.includes('sync-started jira-main'), 30_000, 'the sync to start');
    await first.kill9();
    expect(await (await queues.sync.getJob(added.id!))?.getState()).toBe('active');

    await spawnWorker('normal');
    await waitFor(async () => (await (await queues.sync.getJob(added.id!))?.getState()) === 'completed', 30_000, 'the stalled sync to complete');
    const job = await queues.sync.getJob(added.id!);
    expect(job?.returnvalue).toEqual({ items: 1 });
    expect(job?.stalledCounter).toBe(1);
    await waitFor(async () => (await queues.rebuild.getJobCountByTypes('delayed', 'waiting', 'active', 'completed')) === 1, 10_000, 'the rebuild request');
  });
});

/** Whether the process (or, for a negative id, any process of the group) still exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
