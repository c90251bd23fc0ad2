/**
 * Queue names, payload types and default job options, in one place. Every queue shares one
 * Redis key prefix so a deployment (or a test run) is isolated by prefix alone.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { SyncRequest } from '../services/connectors/sync-types.js';
import type { WebhookKeyStore } from './webhook-keys.js';

export const QUEUE_NAMES = {
  sync: 'seams-sync',
  rebuild: 'seams-rebuild',
  report: 'seams-report',
  deliver: 'seams-deliver',
} as const;

export type QueueKind = keyof typeof QUEUE_NAMES;

export interface SyncJobData {
  readonly sourceName: string;
  /** `reconcile` is the nightly pass; the others map onto AppServices.syncSource. */
  readonly mode: SyncRequest['mode'] | 'reconcile';
  /** Keys to sync; webhook jobs carry none and take their source's pending webhook keys instead. */
  readonly itemKeys?: string[];
  readonly reason: 'schedule' | 'webhook' | 'manual';
}

export interface RebuildJobData {
  readonly programName: string;
  /** What asked for it, for the logs (e.g. `sync:jira-main`). */
  readonly trigger: string;
}

export interface ReportJobData {
  readonly programName: string;
  /** Fixed period (re-sending an old week); absent = rebuild now and use the current period. */
  readonly period?: string;
}

export interface DeliverJobData {
  readonly subscriptionId: number;
  readonly period: string;
}

/** The payload each queue carries. */
export interface JobPayloads {
  sync: SyncJobData;
  rebuild: RebuildJobData;
  report: ReportJobData;
  deliver: DeliverJobData;
}

export type SeamsQueues = { readonly [K in QueueKind]: Queue<JobPayloads[K]> };

const KEEP = { removeOnComplete: { age: 7 * 24 * 3600, count: 1000 }, removeOnFail: { age: 30 * 24 * 3600 } };

/**
 * Retries chosen per queue: syncs and deliveries talk to remote servers and get several
 * exponential attempts; rebuilds are local and deterministic, so two attempts suffice.
 */
export const DEFAULT_JOB_OPTIONS: { readonly [K in QueueKind]: JobsOptions } = {
  sync: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, ...KEEP },
  rebuild: { attempts: 2, backoff: { type: 'exponential', delay: 10_000 }, ...KEEP },
  report: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP },
  deliver: { attempts: 6, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP },
};

export interface QueueSettings {
  readonly connection: ConnectionOptions;
  /** Redis key prefix shared by all queues (default `seams`). */
  readonly prefix: string;
  /** Overrides for tests (short backoffs). */
  readonly jobOptions?: Partial<{ [K in QueueKind]: JobsOptions }>;
}

export function createQueues(settings: QueueSettings): SeamsQueues {
  const make = <K extends QueueKind>(kind: K): Queue<JobPayloads[K]> =>
    new Queue<JobPayloads[K]>(QUEUE_NAMES[kind], {
      connection: settings.connection,
      prefix: settings.prefix,
      defaultJobOptions: { ...DEFAULT_JOB_OPTIONS[kind], ...settings.jobOptions?.[kind] },
    });
  return { sync: make('sync'), rebuild: make('rebuild'), report: make('report'), deliver: make('deliver') };
}

export async function closeQueues(queues: SeamsQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** Debounce window for rebuilds: syncs finishing within it share one rebuild. */
export const REBUILD_DEBOUNCE_MS = 5_000;

/**
 * Asks for a rebuild of a program. BullMQ deduplication keeps at most one waiting rebuild per
 * program (a burst of syncs yields one job), and `keepLastIfActive` queues exactly one follow-up
 * when a rebuild is already running, so data that landed mid-rebuild is not lost.
 */
export async function enqueueRebuild(
  queues: Pick<SeamsQueues, 'rebuild'>,
  programName: string,
  trigger: string,
  debounceMs: number = REBUILD_DEBOUNCE_MS,
): Promise<void> {
  await queues.rebuild.add(
    'rebuild',
    { programName, trigger },
    { delay: debounceMs, deduplication: { id: `rebuild:${programName}`, keepLastIfActive: true } },
  );
}

/** One deliver job per (subscription, period): the jobId makes re-expanding a report a no-op. */
export function deliverJobId(subscriptionId: number, period: string): string {
  return `deliver-${subscriptionId}-${period}`;
}

/** How long a webhook sync waits for more webhooks of its source, so a burst shares one job. */
export const WEBHOOK_COALESCE_MS = 1_000;

export function webhookSyncDeduplicationId(sourceName: string): string {
  return `webhook-sync:${sourceName}`;
}

/**
 * Asks for a targeted sync of items a webhook named. The keys join the source's pending set and
 * at most one webhook sync per source waits (BullMQ deduplication); that job syncs the whole set.
 * `keepLastIfActive` queues one follow-up when the source's webhook sync is already running, so
 * keys that arrive after it took the set are synced too. The keys are stored before the job is
 * added: if adding fails, the next webhook's job (or the sender's retry) still finds them.
 */
export async function enqueueTargetedSync(
  target: { readonly queues: Pick<SeamsQueues, 'sync'>; readonly keys: Pick<WebhookKeyStore, 'add'> },
  sourceName: string,
  itemKeys: readonly string[],
  coalesceMs: number = WEBHOOK_COALESCE_MS,
): Promise<void> {
  await target.keys.add(sourceName, itemKeys);
  await target.queues.sync.add(
    'sync',
    { sourceName, mode: 'incremental', reason: 'webhook' },
    { delay: coalesceMs, deduplication: { id: webhookSyncDeduplicationId(sourceName), keepLastIfActive: true } },
  );
}
