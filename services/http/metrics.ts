/**
 * Prometheus metrics, read at scrape time from the shared stores so the server reports the
 * worker's state even when they run as separate processes: queue depth from Redis, sync lag and
 * last-success age from sync_state, job durations from BullMQ's event stream. A scrape answers
 * while Redis or the database is down, saying which one through seams_dependency_up.
 */
import { QueueEvents, type ConnectionOptions } from 'bullmq';
import type { Kysely } from 'kysely';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../db/database-types.js';
import { listSyncStatus } from '../../db/sync-state.js';
import { QUEUE_NAMES, type QueueKind, type SeamsQueues } from '../../workers/queues.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

export interface SeamsMetrics {
  readonly registry: Registry;
  /**
   * Reads queue depth from Redis and sync state from the database, each bounded in time, and
   * renders the registry. A dependency that is down leaves its series out and reports
   * `seams_dependency_up{dependency} 0`: the scrape itself always answers.
   */
  scrape(): Promise<string>;
  observeJob(queue: QueueKind, status: 'completed' | 'failed', seconds: number): void;
}

export interface MetricsDeps {
  readonly queues: SeamsQueues;
  readonly db: Kysely<Database>;
  readonly now?: () => number;
  /** False while the queues' Redis connection is down: its reads would only queue up, so they are skipped. */
  readonly redisReady?: () => boolean;
  readonly readTimeoutMs?: number;
}

type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

async function bounded<T>(read: () => Promise<T>, timeoutMs: number): Promise<Reading<T>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    return { ok: true, value };
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

export function createMetrics(deps: MetricsDeps): SeamsMetrics {
  const registry = new Registry();
  const now = deps.now ?? Date.now;
  const readTimeoutMs = deps.readTimeoutMs ?? 2_000;

  const queueJobs = new Gauge({
    name: 'seams_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
  });
  const syncLag = new Gauge({
    name: 'seams_sync_lag_seconds',
    help: 'How far behind now the sync cursor (updated-since high-water mark) is, per source and scope',
    labelNames: ['source', 'scope'],
    registers: [registry],
  });
  const lastSuccessAge = new Gauge({
    name: 'seams_sync_last_success_age_seconds',
    help: 'Seconds since the last successful sync, per source and scope',
    labelNames: ['source', 'scope'],
    registers: [registry],
  });
  const dependencyUp = new Gauge({
    name: 'seams_dependency_up',
    help: 'Whether this scrape could read the dependency (1) or not (0); the series read from it are left out while it is 0',
    labelNames: ['dependency'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'seams_job_duration_seconds',
    help: 'Job processing time by queue and outcome',
    labelNames: ['queue', 'status'],
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });

  const readQueues = async () => {
    const out: [string, Record<string, number>][] = [];
    for (const [kind, queue] of Object.entries(deps.queues)) out.push([kind, await queue.getJobCounts(...JOB_STATES)]);
    return out;
  };

  return {
    registry,
    async scrape() {
      const redisReady = deps.redisReady?.() ?? true;
      const [queues, syncRows] = await Promise.all([
        redisReady ? bounded(readQueues, readTimeoutMs) : ({ ok: false } as const),
        bounded(() => listSyncStatus(deps.db), readTimeoutMs),
      ]);
      queueJobs.reset();
      if (queues.ok) {
        for (const [kind, counts] of queues.value) for (const state of JOB_STATES) queueJobs.set({ queue: kind, state }, counts[state] ?? 0);
      }
      dependencyUp.set({ dependency: 'redis' }, queues.ok ? 1 : 0);
      syncLag.reset();
      lastSuccessAge.reset();
      if (syncRows.ok) {
        for (const row of syncRows.value) {
          const labels = { source: row.source_name, scope: row.scope };
          if (row.updated_since) syncLag.set(labels, (now() - row.updated_since.getTime()) / 1000);
          if (row.last_success_at) lastSuccessAge.set(labels, (now() - row.last_success_at.getTime()) / 1000);
        }
      }
      dependencyUp.set({ dependency: 'database' }, syncRows.ok ? 1 : 0);
      return registry.metrics();
    },
    observeJob(queue, status, seconds) {
      durations.observe({ queue, status }, seconds);
    },
  };
}

/** Feeds the duration histogram from every queue's completed/failed events; returns a closer. */
export async function watchJobDurations(
  metrics: SeamsMetrics,
  queues: SeamsQueues,
  settings: {
    readonly connection: ConnectionOptions;
    readonly prefix: string;
    /** Errors of the event streams' own connections (without a listener BullMQ prints them raw). */
    readonly onError: (error: Error) => void;
  },
): Promise<() => Promise<void>> {
  const watchers: QueueEvents[] = [];
  for (const kind of Object.keys(QUEUE_NAMES) as QueueKind[]) {
    const events = new QueueEvents(QUEUE_NAMES[kind], { connection: settings.connection, prefix: settings.prefix });
    const observe = (status: 'completed' | 'failed') => async ({ jobId }: { jobId: string }) => {
      const job = await queues[kind].getJob(jobId);
      if (job?.processedOn && job.finishedOn) metrics.observeJob(kind, status, (job.finishedOn - job.processedOn) / 1000);
    };
    events.on('completed', (args) => void observe('completed')(args).catch(() => undefined));
    events.on('failed', (args) => void observe('failed')(args).catch(() => undefined));
    events.on('error', settings.onError);
    watchers.push(events);
  }
  await Promise.all(watchers.map((w) => w.waitUntilReady()));
  return async () => {
    await Promise.all(watchers.map((w) => w.close()));
  };
}
