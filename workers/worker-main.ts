/**
 * The scheduled service: BullMQ workers for sync, rebuild, report and deliver, the schedulers
 * that match the config, and the config subscriptions. `close()` stops taking jobs, lets active
 * ones finish (or, past the caller's patience, leaves them to the stalled-job check of another
 * worker), then closes queues and the mail transport. The caller owns the Redis connection and
 * the database.
 */
import { Worker, type Job, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { workerSettingsSchema, type WorkerSettings } from '../services/config/config-schema.js';
import type { AppConfig } from '../services/config/load-config.js';
import type { Database } from '../db/database-types.js';
import type { MailTransport, UnknownOutcomePolicy } from '../services/delivery/delivery-service.js';
import { wireWorkerServices } from '../services/app/worker-wiring.js';
import type { Logger } from '../services/logging/logger.js';
import { errorMessage } from './job-errors.js';
import { createDeliverProcessor } from './processors/deliver-processor.js';
import { createRebuildProcessor } from './processors/rebuild-processor.js';
import { createReportProcessor } from './processors/report-processor.js';
import { createSyncProcessor } from './processors/sync-processor.js';
import { closeQueues, createQueues, QUEUE_NAMES, REBUILD_DEBOUNCE_MS, type JobPayloads, type QueueKind, type QueueSettings } from './queues.js';
import { syncSchedules } from './schedules.js';
import { watchRedisOutages } from './redis-outages.js';
import { createSourceLock } from './source-lock.js';
import { createWebhookKeyStore } from './webhook-keys.js';
import type { AppServices } from '../services/app/app-services.js';

export interface WorkerTuning {
  readonly syncConcurrency: number;
  readonly deliverConcurrency: number;
  /** BullMQ job lock; a killed worker's jobs are taken over after about this long. */
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly sourceLockTtlMs: number;
  readonly busyRetryMs: number;
  readonly rebuildDebounceMs: number;
  /** Must exceed the SMTP transport's worst-case send; see delivery-service.ts. */
  readonly deliveryLeaseMs: number;
  readonly unknownOutcome: UnknownOutcomePolicy;
  readonly jobOptions?: QueueSettings['jobOptions'];
  /** Skip syncing schedulers (a second worker replica, or tests that add jobs by hand). */
  readonly manageSchedules: boolean;
}

/** The config's `worker:` section as tuning. */
export function tuningFromSettings(settings: WorkerSettings): Pick<
  WorkerTuning,
  'lockDurationMs' | 'stalledIntervalMs' | 'maxStalledCount' | 'sourceLockTtlMs' | 'busyRetryMs'
> {
  return {
    lockDurationMs: settings.jobLockSeconds * 1000,
    stalledIntervalMs: settings.stalledCheckSeconds * 1000,
    maxStalledCount: settings.maxStalledCount,
    sourceLockTtlMs: settings.sourceLockSeconds * 1000,
    busyRetryMs: settings.busySourceRetrySeconds * 1000,
  };
}

export const DEFAULT_TUNING: WorkerTuning = {
  syncConcurrency: 2,
  deliverConcurrency: 4,
  ...tuningFromSettings(workerSettingsSchema.parse(undefined)),
  rebuildDebounceMs: REBUILD_DEBOUNCE_MS,
  deliveryLeaseMs: 10 * 60_000,
  unknownOutcome: 'at-most-once',
  manageSchedules: true,
};

export interface StartWorkerOptions {
  readonly config: Pick<AppConfig, 'runtime' | 'file'>;
  readonly services: AppServices;
  readonly db: Kysely<Database>;
  /** ioredis client with `maxRetriesPerRequest: null` (BullMQ duplicates it for blocking reads). */
  readonly connection: Redis;
  readonly logger: Logger;
  readonly prefix: string;
  /** Defaults to nodemailer over SMTP_URL. */
  readonly transport?: MailTransport & { close?(): void };
  readonly tuning?: Partial<WorkerTuning>;
}

export interface WorkerHandle {
  close(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<WorkerHandle> {
  const tuning: WorkerTuning = { ...DEFAULT_TUNING, ...tuningFromSettings(options.config.file.worker), ...options.tuning };
  const { config, services, db, connection, logger, prefix } = options;
  const { transport, subscriptions, delivery } = wireWorkerServices({
    config,
    db,
    services,
    transport: options.transport,
    deliveryLeaseMs: tuning.deliveryLeaseMs,
    unknownOutcome: tuning.unknownOutcome,
  });
  const queues = createQueues({ connection, prefix, jobOptions: tuning.jobOptions });
  const outages = watchRedisOutages(connection, logger);
  for (const [kind, queue] of Object.entries(queues)) {
    queue.on('error', (error: Error) => {
      if (!outages.absorb(error)) logger.error({ queue: kind, err: errorMessage(error) }, 'queue error');
    });
  }

  await subscriptions.syncFromConfig(config.file);
  if (tuning.manageSchedules) {
    const result = await syncSchedules(queues, config.file);
    logger.info({ schedulers: result.upserted.length, removed: result.removed }, 'schedules synced');
  }

  const common = {
    connection,
    prefix,
    lockDuration: tuning.lockDurationMs,
    stalledInterval: tuning.stalledIntervalMs,
    maxStalledCount: tuning.maxStalledCount,
  };
  const workers: Pick<Worker, 'close' | 'waitUntilReady'>[] = [];
  const start = <K extends QueueKind>(kind: K, processor: Processor<JobPayloads[K]>, concurrency: number): void => {
    const worker = new Worker<JobPayloads[K]>(QUEUE_NAMES[kind], processor, { ...common, concurrency });
    worker.on('failed', (job: Job<JobPayloads[K]> | undefined, error: Error) => {
      logger.error(
        { queue: kind, jobId: job?.id, data: job?.data, attempt: job?.attemptsMade, err: errorMessage(error) },
        'job failed',
      );
    });
    worker.on('stalled', (jobId: string) => logger.warn({ queue: kind, jobId }, 'job stalled; re-queued'));
    // A dropped Redis connection is one warning per outage (watchRedisOutages), not a line per retry.
    worker.on('error', (error: Error) => {
      if (!outages.absorb(error)) logger.error({ queue: kind, err: errorMessage(error) }, 'worker error');
    });
    workers.push(worker);
  };

  start(
    'sync',
    createSyncProcessor({
      services,
      queues,
      lock: createSourceLock(connection, prefix, tuning.sourceLockTtlMs),
      webhookKeys: createWebhookKeyStore(connection, prefix),
      logger,
      busyRetryMs: tuning.busyRetryMs,
      rebuildDebounceMs: tuning.rebuildDebounceMs,
    }),
    tuning.syncConcurrency,
  );
  start('rebuild', createRebuildProcessor({ services, queues, logger }), 1);
  start(
    'report',
    createReportProcessor({ db, services, queues, messageIdHost: new URL(config.runtime.publicUrl).hostname, logger }),
    1,
  );
  start('deliver', createDeliverProcessor({ delivery, logger }), tuning.deliverConcurrency);
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  logger.info({ prefix, queues: Object.values(QUEUE_NAMES) }, 'worker started');

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await closeQueues(queues);
        outages.stop();
        transport.close?.();
        logger.info('worker stopped');
      })();
      return closing;
    },
  };
}
