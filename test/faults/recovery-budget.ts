/**
 * Deadlines of the faults suite, derived from the settings the processes under test run with
 * (worker locks, queue backoff, connector retries) rather than guessed, so a slow, busy machine
 * stretches the wait instead of failing the test. Speed is not asserted: each test prints how
 * long its recovery took.
 */
import type { JobsOptions } from 'bullmq';
import { workerSettingsSchema, type WorkerSettings } from '../../services/config/config-schema.js';
import { defaultRetryPolicy, type RetryPolicy } from '../../services/connectors/retry-policy.js';

/**
 * Room for what no setting bounds (a `seams` process starting under tsx, the rest of a
 * 5,000-item sync against slowed trackers) on a machine whose cores are busy with other work.
 */
export const SLOW_MACHINE_MS = 180_000;

/** The worker settings a config without a `worker:` section runs with (the suite's configs have none). */
export const WORKER_SETTINGS: WorkerSettings = workerSettingsSchema.parse(undefined);

/**
 * Longest a killed worker's job waits before another worker runs it again: its lock expires and
 * the next stalled check puts it back, and its source lock expires and the busy retry comes round.
 */
export function takeoverMs(worker: WorkerSettings = WORKER_SETTINGS): number {
  return Math.max(worker.jobLockSeconds + worker.stalledCheckSeconds, worker.sourceLockSeconds + worker.busySourceRetrySeconds) * 1000;
}

/** Sum of the waits between a job's attempts (BullMQ: exponential waits delay * 2^(n-1) before retry n). */
export function retryScheduleMs(options: JobsOptions): number {
  const attempts = options.attempts ?? 1;
  const backoff = typeof options.backoff === 'number' ? { type: 'fixed', delay: options.backoff } : options.backoff;
  if (!backoff) return 0;
  let total = 0;
  for (let retry = 1; retry < attempts; retry++) {
    total += backoff.type === 'exponential' ? (backoff.delay ?? 0) * 2 ** (retry - 1) : (backoff.delay ?? 0);
  }
  return total;
}

/** Longest a connector's own retries of one request can wait before it fails for good. */
export function connectorRetryMs(policy: RetryPolicy = defaultRetryPolicy): number {
  let total = 0;
  for (let retry = 1; retry < policy.maxAttempts; retry++) total += Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return total;
}
