/**
 * Sync jobs: one source at a time (per-source lease), then ask for a rebuild of every program
 * that reads the source. A job that finds its source busy is put back as delayed (not counted
 * as a failed attempt) instead of blocking a worker slot. A webhook job syncs every key its
 * source's webhooks left pending, in chunks; keys not synced go back to the pending set before
 * the error is rethrown, so the retry (or the next webhook job) syncs them.
 */
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from '../../services/logging/logger.js';
import { enqueueRebuild, type SeamsQueues, type SyncJobData } from '../queues.js';
import { withRetryPolicy } from '../job-errors.js';
import type { SourceLock } from '../source-lock.js';
import type { WebhookKeyStore } from '../webhook-keys.js';
import type { AppServices } from '../../services/app/app-services.js';

/** Keys per connector call: keeps a Jira `issuekey in (...)` query and a Linear filter short. */
export const WEBHOOK_SYNC_CHUNK = 100;

export interface SyncProcessorDeps {
  readonly services: Pick<AppServices, 'syncSource' | 'reconcileSource' | 'programsUsingSource'>;
  readonly queues: Pick<SeamsQueues, 'rebuild'>;
  readonly lock: SourceLock;
  readonly webhookKeys: Pick<WebhookKeyStore, 'take' | 'done' | 'restore'>;
  readonly logger: Logger;
  /** How long a job waits before trying a busy source again. */
  readonly busyRetryMs: number;
  readonly rebuildDebounceMs: number;
  readonly webhookChunk?: number;
}

type Progress = (p: Readonly<Record<string, number>>) => void;

function addCounts(total: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v;
}

export function createSyncProcessor(deps: SyncProcessorDeps) {
  const chunkSize = deps.webhookChunk ?? WEBHOOK_SYNC_CHUNK;

  async function syncWebhookKeys(sourceName: string, extraKeys: readonly string[], progress: Progress): Promise<Record<string, number>> {
    const taken = await deps.webhookKeys.take(sourceName);
    // Jobs queued before coalescing carried their keys in the payload.
    const keys = [...new Set([...taken, ...extraKeys])];
    const total: Record<string, number> = { webhookKeys: keys.length };
    for (let start = 0; start < keys.length; start += chunkSize) {
      const chunk = keys.slice(start, start + chunkSize);
      try {
        addCounts(total, await deps.services.syncSource(sourceName, { mode: 'incremental', itemKeys: chunk }, progress));
      } catch (error) {
        await deps.webhookKeys.restore(sourceName, keys.slice(start));
        throw error;
      }
      await deps.webhookKeys.done(sourceName, chunk);
    }
    return total;
  }

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
      const progress: Progress = (p) => void job.updateProgress(p).catch(() => undefined);
      const counts = await withRetryPolicy(() =>
        mode === 'reconcile'
          ? deps.services.reconcileSource(sourceName)
          : job.data.reason === 'webhook'
            ? syncWebhookKeys(sourceName, job.data.itemKeys ?? [], progress)
            : deps.services.syncSource(sourceName, job.data.itemKeys ? { mode, itemKeys: job.data.itemKeys } : { mode }, progress),
      );
      // A follow-up webhook job can find the set already synced by its predecessor: nothing changed.
      if (job.data.reason === 'webhook' && counts.webhookKeys === 0) {
        log.info('no webhook keys pending');
        return counts;
      }
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
