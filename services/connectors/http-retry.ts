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
import { createRetryLoop, type AttemptOutcome } from './retry-loop.js';
import type { HttpStats, RetryPolicy } from './retry-policy.js';

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
  readonly fetchImpl?: FetchLike | undefined;
  readonly policy?: Partial<RetryPolicy> | undefined;
  readonly limiter?: ConcurrencyLimiter | undefined;
  /** Share one gate between all fetches of a source so a 429 pauses all of them. */
  readonly gate?: RateLimitGate | undefined;
  readonly timing?: Timing | undefined;
  readonly random?: (() => number) | undefined;
  readonly stats?: HttpStats | undefined;
  /**
   * Extra rate-limit detection for APIs that do not answer 429 (Linear answers a GraphQL
   * `RATELIMITED` error). Read a clone if you look at the body.
   */
  readonly isRateLimited?: ((response: Response) => Promise<boolean>) | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

/**
 * Builds the retrying fetch. Request bodies must be replayable (strings, not streams).
 * Network errors that exhaust the retries throw `TrackerRequestError` with `status: null`;
 * HTTP errors are returned as the final response for the caller (see `assertOk`).
 */
export function createRetryingFetch(options: RetryingFetchOptions): FetchLike {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const timing = options.timing ?? realTiming;
  const gate = options.gate ?? createRateLimitGate(timing);
  const stats = options.stats;
  const runLimited = <T>(task: () => Promise<T>): Promise<T> => (options.limiter ? options.limiter.run(task) : task());

  return async (input, init) => {
    const url = String(input);
    const loop = createRetryLoop({
      policy: options.policy,
      timing,
      random: options.random,
      stats,
      pause: (untilMs) => {
        gate.pauseUntil(untilMs);
        if (stats) stats.rateLimitWaits++;
      },
      onRetry: (event) => options.onRetry?.({ ...event, url: redactQuery(url) }),
    });
    const attempt = async (): Promise<AttemptOutcome<Response>> => {
      if (stats) stats.requests++;
      let response: Response;
      try {
        response = await runLimited(async () => {
          // Wait inside the slot: a pause that starts while we queue still applies.
          const waited = await gate.wait();
          if (stats && waited > 0) stats.rateLimitWaitMs += waited;
          const signal = init?.signal
            ? AbortSignal.any([init.signal, AbortSignal.timeout(loop.policy.timeoutMs)])
            : AbortSignal.timeout(loop.policy.timeoutMs);
          return await fetchImpl(input, { ...init, signal });
        });
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        return {
          kind: 'transient',
          status: null,
          giveUp: () => {
            throw new TrackerRequestError(
              { sourceName: options.sourceName, status: null, method: init?.method ?? 'GET', path: pathOf(url), transient: true, detail: describeNetworkError(error) },
              { cause: error },
            );
          },
        };
      }
      const giveUp = () => response;
      const release = () => discard(response);
      const limited = response.status === 429 || (options.isRateLimited ? await options.isRateLimited(response) : false);
      const askedWait = retryAfterMs(response.headers, timing.now());
      if (limited || (response.status === 503 && askedWait !== null)) {
        return { kind: 'rate_limited', status: response.status, waitMs: askedWait, giveUp, release };
      }
      if (RETRYABLE_5XX.has(response.status)) return { kind: 'transient', status: response.status, giveUp, release };
      return { kind: 'done', value: response };
    };
    return loop.run(attempt);
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
