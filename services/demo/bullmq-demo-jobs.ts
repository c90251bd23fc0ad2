/**
 * The demo's jobs through the real BullMQ queues and an in-process worker, exactly as
 * `seams worker` would run them (the demo with REDIS_URL).
 */
import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { closeQueues, createQueues, QUEUE_NAMES, type SeamsQueues } from '../../workers/queues.js';
import { startWorker, type WorkerHandle } from '../../workers/worker-main.js';
import type { AppServices } from '../app/app-services.js';
import type { ConfigFile } from '../config/config-schema.js';
import { parseRuntimeSettings } from '../config/load-config.js';
import { Secret } from '../config/secret.js';
import type { MailTransport } from '../delivery/tracked-send.js';
import type { Logger } from '../logging/logger.js';
import type { WriteBackCounts } from '../writeback/writeback-service.js';
import type { DemoJobs } from './demo-jobs.js';

/** The demo sends no email: the queue's deliver jobs have nowhere to go, so refuse loudly. */
const NO_MAIL: MailTransport = {
  sendMail: async () => {
    throw new Error('the demo does not send email; see the .eml files in out/');
  },
};

export async function bullmqJobs(deps: {
  readonly redisUrl: string;
  readonly services: AppServices;
  readonly db: Kysely<Database>;
  readonly file: ConfigFile;
  readonly logger: Logger;
}): Promise<DemoJobs> {
  const prefix = `seams-demo-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  const queues: SeamsQueues = createQueues({ connection, prefix });
  // BullMQ treats a connection it is handed as shared and never closes it, so the demo keeps the
  // QueueEvents' own connections to quit them itself: left open, they keep `--no-serve` running.
  const eventConnections = [connection.duplicate(), connection.duplicate()] as const;
  const events = {
    sync: new QueueEvents(QUEUE_NAMES.sync, { connection: eventConnections[0], prefix }),
    rebuild: new QueueEvents(QUEUE_NAMES.rebuild, { connection: eventConnections[1], prefix }),
  };
  await Promise.all([events.sync.waitUntilReady(), events.rebuild.waitUntilReady()]);
  const runtime = { ...parseRuntimeSettings({}), signingKey: new Secret(randomBytes(32).toString('hex')) };
  const worker: WorkerHandle = await startWorker({
    config: { runtime, file: deps.file },
    services: deps.services,
    db: deps.db,
    connection,
    logger: deps.logger,
    prefix,
    transport: NO_MAIL,
    tuning: { manageSchedules: false, rebuildDebounceMs: 0 },
  });

  /** Waits until the rebuilds a sync triggered have run, so the next week's clock starts clean. */
  const drainRebuilds = async (): Promise<void> => {
    for (;;) {
      const counts = await queues.rebuild.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    mode: 'bullmq',
    async sync(sourceName, mode) {
      const job = await queues.sync.add('sync', { sourceName, mode, reason: 'manual' });
      const result = (await job.waitUntilFinished(events.sync, 300_000)) as Record<string, number> | undefined;
      await drainRebuilds();
      return result ?? {};
    },
    async rebuild(programName) {
      const job = await queues.rebuild.add('rebuild', { programName, trigger: 'demo' });
      const result = (await job.waitUntilFinished(events.rebuild, 300_000)) as { writeBack?: WriteBackCounts } | undefined;
      return result?.writeBack ?? null;
    },
    async close() {
      await worker.close();
      await Promise.all([events.sync.close(), events.rebuild.close()]);
      await Promise.all(eventConnections.map((c) => c.quit()));
      await closeQueues(queues);
      // Leave nothing behind on a shared Redis.
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length > 0) await connection.del(...keys);
      await connection.quit();
    },
  };
}
