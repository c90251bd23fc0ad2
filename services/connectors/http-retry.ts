/**
 * A fetch wrapper with the retry policy every connector shares: honour 429 `Retry-After` /
 * `X-RateLimit-Reset` (and 503 with `Retry-After`) through a pause shared by all workers of the
 * source, back off with full jitter on other 5xx and network errors, bound every kind of retry,
 * and cap concurrency. It returns the final `Response` like fetch does, so it can also be handed
 * to SDKs that accept a custom fetch; `assertOk` then turns a failed response into our errors.
 */
import { TrackerAuthError, TrackerRequestError, redactSecrets } from './connector-errors.js';
import {
  createRateLimitGate,
  realTiming,
  retryAfterMs,
  type ConcurrencyLimiter,
  type RateLimitGate,
  type Timing,
} from './rate-limit.js';

export interface RetryPolicy {
  /** Attempts for 5xx and network errors, the first included. */
  readonly maxAttempts: number;
  /** Rate-limit retries (429, 503 + Retry-After) allowed per request; they do not use up `maxAttempts`. */
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

/** Counters a sync reports in its summary; the fetch wrapper increments them. */
export interface HttpStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export const createHttpStats = (): HttpStats => ({ requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 });

export interface RetryEvent {
  readonly reason: 'rate_limited' | 'server_error' | 'network';
  readonly status: number | null;
  readonly waitMs: number;
  readonly attempt: number;
  readonly url: string;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface RetryingFetchOptions {
  /** Used in errors; never a secret. */
  readonly sourceName: string;
  readonly fetchImpl?: FetchLike;
  readonly policy?: Partial<RetryPolicy>;
  readonly limiter?: ConcurrencyLimiter;
  /** Share one gate between all fetches of a source so a 429 pauses all of them. */
  readonly gate?: RateLimitGate;
  readonly timing?: Timing;
  readonly random?: () => number;
  readonly stats?: HttpStats;
  /**
   * Extra rate-limit detection for APIs that do not answer 429 (Linear answers a GraphQL
   * `RATELIMITED` error). Read a clone if you look at the body.
   */
  readonly isRateLimited?: (response: Response) => Promise<boolean>;
  readonly onRetry?: (event: RetryEvent) => void;
}

const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

/**
 * Builds the retrying fetch. Request bodies must be replayable (strings, not streams).
 * Network errors that exhaust the retries throw `TrackerRequestError` with `status: null`;
 * HTTP errors are returned as the final response for the caller (see `assertOk`).
 */
export function createRetryingFetch(options: RetryingFetchOptions): FetchLike {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.policy };
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const timing = options.timing ?? realTiming;
  const gate = options.gate ?? createRateLimitGate(timing);
  const random = options.random ?? Math.random;
  const stats = options.stats;
  const runLimited = <T>(task: () => Promise<T>): Promise<T> => (options.limiter ? options.limiter.run(task) : task());

  return async (input, init) => {
    const url = String(input);
    let attempt = 0;
    let rateLimitRetries = 0;
    for (;;) {
      attempt++;
      if (stats) stats.requests++;
      let response: Response;
      try {
        response = await runLimited(async () => {
          // Wait inside the slot: a pause that starts while we queue still applies.
          const waited = await gate.wait();
          if (stats && waited > 0) stats.rateLimitWaitMs += waited;
          const signal = init?.signal
            ? AbortSignal.any([init.signal, AbortSignal.timeout(policy.timeoutMs)])
            : AbortSignal.timeout(policy.timeoutMs);
          return await fetchImpl(input, { ...init, signal });
        });
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        const failures = attempt - rateLimitRetries;
        if (failures >= policy.maxAttempts) {
          throw new TrackerRequestError(
            { sourceName: options.sourceName, status: null, method: init?.method ?? 'GET', path: pathOf(url), transient: true, detail: describeNetworkError(error) },
            { cause: error },
          );
        }
        await backoff('network', null, fullJitterDelay(failures, policy, random));
        continue;
      }

      const limited = response.status === 429 || (options.isRateLimited ? await options.isRateLimited(response) : false);
      const askedWait = retryAfterMs(response.headers, timing.now());
      if (limited || (response.status === 503 && askedWait !== null)) {
        if (rateLimitRetries >= policy.maxRateLimitRetries) return response;
        const waitMs = askedWait ?? fullJitterDelay(rateLimitRetries + 1, policy, random);
        if (waitMs > policy.maxRetryAfterMs) return response;
        rateLimitRetries++;
        await discard(response);
        gate.pauseUntil(timing.now() + waitMs);
        if (stats) stats.rateLimitWaits++;
        notify('rate_limited', response.status, waitMs);
        continue;
      }
      if (RETRYABLE_5XX.has(response.status)) {
        const failures = attempt - rateLimitRetries;
        if (failures >= policy.maxAttempts) return response;
        await discard(response);
        await backoff('server_error', response.status, fullJitterDelay(failures, policy, random));
        continue;
      }
      return response;
    }

    function notify(reason: RetryEvent['reason'], status: number | null, waitMs: number): void {
      if (stats) stats.retries++;
      options.onRetry?.({ reason, status, waitMs, attempt, url: redactQuery(url) });
    }
    async function backoff(reason: RetryEvent['reason'], status: number | null, waitMs: number): Promise<void> {
      notify(reason, status, waitMs);
      await timing.sleep(waitMs);
    }
  };
}

/** Context for turning a failed response into an error; `secrets` are scrubbed from the excerpt. */
export interface ResponseContext {
  readonly sourceName: string;
  readonly method: string;
  readonly url: string;
  readonly secrets: readonly string[];
}

/**
 * Throws `TrackerAuthError` for 401/403 and `TrackerRequestError` for any other non-2xx
 * (transient for 429/5xx), with a short, secret-free excerpt of the response body.
 */
export async function assertOk(response: Response, context: ResponseContext): Promise<void> {
  if (response.ok) return;
  const excerpt = await bodyExcerpt(response, context.secrets);
  if (response.status === 401 || response.status === 403) {
    throw new TrackerAuthError(context.sourceName, response.status, excerpt);
  }
  throw new TrackerRequestError({
    sourceName: context.sourceName,
    status: response.status,
    method: context.method,
    path: pathOf(context.url),
    transient: response.status === 429 || response.status >= 500,
    detail: excerpt,
  });
}

async function bodyExcerpt(response: Response, secrets: readonly string[]): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return redactSecrets(text.length > 300 ? `${text.slice(0, 300)}…` : text, secrets);
  } catch {
    return '';
  }
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The connection is being dropped anyway.
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

function redactQuery(url: string): string {
  return url.split('?')[0] ?? url;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
    return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  }
  return 'network error';
}
