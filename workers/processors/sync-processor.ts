/**
 * Sync jobs: one source at a time (per-source lease), then ask for a rebuild of every program
 * that reads the source. A job that finds its source busy is put back as delayed (not counted
 * as a failed attempt) instead of blocking a worker slot.
 */
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from '../../services/logging/logger.js';
import { enqueueRebuild, type SeamsQueues, type SyncJobData } from '../queues.js';
import { withRetryPolicy } from '../job-errors.js';
import type { SourceLock } from '../source-lock.js';
import type { WorkerServices } from '../worker-services.js';

export interface SyncProcessorDeps {
  readonly services: Pick<WorkerServices, 'syncSource' | 'reconcileSource' | 'programsUsingSource'>;
  readonly queues: Pick<SeamsQueues, 'rebuild'>;
  readonly lock: SourceLock;
  readonly logger: Logger;
  /** How long a job waits before trying a busy source again. */
  readonly busyRetryMs: number;
  readonly rebuildDebounceMs: number;
}

export function createSyncProcessor(deps: SyncProcessorDeps) {
  return async function processSync(job: Job<SyncJobData>, token?: string): Promise<Record<string, number>> {
    const { sourceName, mode } = job.data;
    const log = deps.logger.child({ jobId: job.id, queue: 'sync', source: sourceName, mode });
    const holder = `${job.id ?? 'job'}:${token ?? ''}`;
    if (!(await deps.lock.acquire(sourceName, holder))) {
      log.debug('source busy, delaying');
      await job.moveToDelayed(Date.now() + deps.busyRetryMs, token);
      throw new DelayedError();
    }
    const renewal = setInterval(() => void deps.lock.renew(sourceName, holder).catch(() => undefined), deps.lock.ttlMs / 3);
    try {
      log.info({ itemKeys: job.data.itemKeys?.length ?? 0, attempt: job.attemptsMade + 1 }, 'sync started');
      const counts = await withRetryPolicy(() =>
        mode === 'reconcile'
          ? deps.services.reconcileSource(sourceName)
          : deps.services.syncSource(
              sourceName,
              job.data.itemKeys ? { mode, itemKeys: job.data.itemKeys } : { mode },
              (p) => void job.updateProgress(p).catch(() => undefined),
            ),
      );
      const programs = await deps.services.programsUsingSource(sourceName);
      for (const program of programs) await enqueueRebuild(deps.queues, program, `sync:${sourceName}`, deps.rebuildDebounceMs);
      log.info({ counts, rebuilds: programs }, 'sync finished');
      return counts;
    } finally {
      clearInterval(renewal);
      await deps.lock.release(sourceName, holder);
    }
  };
}
