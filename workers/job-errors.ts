/**
 * Retry policy at the job boundary: errors no retry can fix (bad credentials, bad config,
 * permanent mail rejection) become BullMQ's UnrecoverableError so the job fails at once;
 * everything else is rethrown as is and retried with exponential backoff.
 */
import { UnrecoverableError } from 'bullmq';

/** Error names (not classes) so errors from any module or package version are recognized. */
const UNRECOVERABLE_NAMES = new Set(['TrackerAuthError', 'ConfigError', 'PermanentDeliveryError', 'UnrecoverableError']);

export function isUnrecoverable(error: unknown): boolean {
  return error instanceof Error && UNRECOVERABLE_NAMES.has(error.name);
}

/** Runs a job body, converting unrecoverable errors; the original message is kept. */
export async function withRetryPolicy<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UnrecoverableError || !isUnrecoverable(error)) throw error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new UnrecoverableError(message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
