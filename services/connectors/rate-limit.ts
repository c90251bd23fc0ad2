/**
 * Rate-limit building blocks shared by the connectors: a concurrency limiter, a shared pause gate
 * (one 429 pauses every in-flight worker, not just the one that got it) and the parsing of the
 * headers trackers use to say how long to wait.
 */

/** Runs at most `max` tasks at once; the rest wait in FIFO order. */
export interface ConcurrencyLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks currently running. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    active--;
    const next = queue.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < max) active++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** Runs `fn` over `items` with at most `concurrency` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  return results;
}

/** Injectable clock and sleep, so tests run rate-limit paths without real waiting. */
export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A pause shared by every request of one source: after a 429 all requests wait until the
 * tracker's reset time, instead of each worker discovering the limit on its own.
 */
export interface RateLimitGate {
  /** Resolves once no pause is in effect. Returns the milliseconds actually waited. */
  wait(): Promise<number>;
  /** Extends the pause to at least `untilMs` (epoch ms). */
  pauseUntil(untilMs: number): void;
}

export function createRateLimitGate(timing: Timing = realTiming): RateLimitGate {
  let pausedUntil = 0;
  return {
    async wait() {
      let waited = 0;
      // Loop: the pause may be extended by another worker while we sleep.
      for (let remaining = pausedUntil - timing.now(); remaining > 0; remaining = pausedUntil - timing.now()) {
        await timing.sleep(remaining);
        waited += remaining;
      }
      return waited;
    },
    pauseUntil(untilMs) {
      if (untilMs > pausedUntil) pausedUntil = untilMs;
    },
  };
}

/** Minimal header access, satisfied by the fetch `Headers` class. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * How long the tracker asks us to wait, in ms, or null when it does not say.
 * - `Retry-After`: delta-seconds (Jira, RFC 9110) or an HTTP date.
 * - `X-RateLimit-Reset`: an ISO-8601 timestamp (Jira Cloud) or epoch seconds/ms (other APIs).
 * The larger of the two wins; past times count as 0.
 */
export function retryAfterMs(headers: HeaderReader, nowMs: number): number | null {
  const candidates: number[] = [];
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    const ms = /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - nowMs;
    if (Number.isFinite(ms)) candidates.push(Math.max(0, ms));
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset) {
    const at = parseResetTime(reset);
    if (at !== null) candidates.push(Math.max(0, at - nowMs));
  }
  return candidates.length === 0 ? null : Math.max(...candidates);
}

function parseResetTime(value: string): number | null {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    // Epoch seconds are < 1e11 until the year 5138; anything larger is milliseconds.
    return n < 1e11 ? n * 1000 : n;
  }
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}
