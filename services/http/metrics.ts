/**
 * Prometheus metrics, read at scrape time from the shared stores so the server reports the
 * worker's state even when they run as separate processes: queue depth from Redis, sync lag and
 * last-success age from sync_state, job durations from BullMQ's event stream.
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
  observeJob(queue: QueueKind, status: 'completed' | 'failed', seconds: number): void;
}

export function createMetrics(deps: { readonly queues: SeamsQueues; readonly db: Kysely<Database>; readonly now?: () => number }): SeamsMetrics {
  const registry = new Registry();
  const now = deps.now ?? Date.now;

  new Gauge({
    name: 'seams_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [kind, queue] of Object.entries(deps.queues)) {
        const counts = await queue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ queue: kind, state }, counts[state] ?? 0);
      }
    },
  });

  const syncRows = () => listSyncStatus(deps.db);
  new Gauge({
    name: 'seams_sync_lag_seconds',
    help: 'How far behind now the sync cursor (updated-since high-water mark) is, per source and scope',
    labelNames: ['source', 'scope'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await syncRows()) {
        if (row.updated_since) this.set({ source: row.source_name, scope: row.scope }, (now() - row.updated_since.getTime()) / 1000);
      }
    },
  });
  new Gauge({
    name: 'seams_sync_last_success_age_seconds',
    help: 'Seconds since the last successful sync, per source and scope',
    labelNames: ['source', 'scope'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await syncRows()) {
        if (row.last_success_at) this.set({ source: row.source_name, scope: row.scope }, (now() - row.last_success_at.getTime()) / 1000);
      }
    },
  });

  const durations = new Histogram({
    name: 'seams_job_duration_seconds',
    help: 'Job processing time by queue and outcome',
    labelNames: ['queue', 'status'],
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });

  return {
    registry,
    observeJob(queue, status, seconds) {
      durations.observe({ queue, status }, seconds);
    },
  };
}

/** Feeds the duration histogram from every queue's completed/failed events; returns a closer. */
export async function watchJobDurations(
  metrics: SeamsMetrics,
  queues: SeamsQueues,
  settings: { readonly connection: ConnectionOptions; readonly prefix: string },
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
    watchers.push(events);
  }
  await Promise.all(watchers.map((w) => w.waitUntilReady()));
  return async () => {
    await Promise.all(watchers.map((w) => w.close()));
  };
}
