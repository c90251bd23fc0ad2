/** The retry policy every tracker request shares, its backoff maths and the counters it feeds. */

export interface RetryPolicy {
  /** Attempts for 5xx and network errors, the first included. */
  readonly maxAttempts: number;
  /** Rate-limit retries (429, 503 + Retry-After, Linear RATELIMITED) allowed per request; they do not use up `maxAttempts`. */
  readonly maxRateLimitRetries: number;
  /** Full-jitter backoff: the n-th retry waits uniform(0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking for a longer wait than this is answered with the error instead of a sleep. */
  readonly maxRetryAfterMs: number;
  /** Per-attempt timeout; a timeout counts as a network error. */
  readonly timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  maxRateLimitRetries: 10,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 10 * 60_000,
  timeoutMs: 60_000,
});

/** Delay before the `retry`-th retry (1-based) under full jitter (AWS architecture blog, 2015). */
export function fullJitterDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/** Counters a sync reports in its summary; the transports increment them. */
export interface HttpStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export const createHttpStats = (): HttpStats => ({ requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 });
