/**
 * The one retry loop every tracker request runs in, whatever carries it (a fetch for Jira, the
 * Linear SDK's rawRequest): rate-limit answers pause every request of the source until the wait
 * is over and do not use up attempts; other transient failures back off with full jitter; both
 * are bounded by the `RetryPolicy`. An attempt reports its outcome; the caller decides what
 * "giving up" returns or throws.
 */
import { defaultRetryPolicy, fullJitterDelay, type HttpStats, type RetryPolicy } from './retry-policy.js';
import { realTiming, type Timing } from './rate-limit.js';

export type AttemptOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | {
      readonly kind: 'rate_limited' | 'transient';
      /** HTTP status, null when no response arrived (network error, timeout). */
      readonly status: number | null;
      /** Wait the server asked for (rate limits only); null lets the backoff decide. */
      readonly waitMs?: number | null;
      /** What the call returns (or throws) once the retries are spent. */
      giveUp(): T;
      /** Frees what the failed attempt holds (a response body) before the next one. */
      release?(): Promise<void>;
    };

export type RetryReason = 'rate_limited' | 'server_error' | 'network';

export interface RetryLoopDeps {
  readonly policy?: Partial<RetryPolicy> | undefined;
  readonly timing?: Timing | undefined;
  readonly random?: (() => number) | undefined;
  readonly stats?: HttpStats | undefined;
  /** Pauses every request of the source until `untilMs` (a shared `RateLimitGate`, usually). */
  pause(untilMs: number): void;
  readonly onRetry?: ((event: { readonly reason: RetryReason; readonly status: number | null; readonly waitMs: number; readonly attempt: number }) => void) | undefined;
}

/** A loop bound to its policy; `run` retries one request. */
export interface RetryLoop {
  readonly policy: RetryPolicy;
  run<T>(attempt: () => Promise<AttemptOutcome<T>>): Promise<T>;
}

export function createRetryLoop(deps: RetryLoopDeps): RetryLoop {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...deps.policy };
  const timing = deps.timing ?? realTiming;
  const random = deps.random ?? Math.random;
  return {
    policy,
    async run(attempt) {
      let attempts = 0;
      let rateLimitRetries = 0;
      for (;;) {
        attempts++;
        const outcome = await attempt();
        if (outcome.kind === 'done') return outcome.value;
        if (outcome.kind === 'rate_limited') {
          const waitMs = outcome.waitMs ?? fullJitterDelay(rateLimitRetries + 1, policy, random);
          if (rateLimitRetries >= policy.maxRateLimitRetries || waitMs > policy.maxRetryAfterMs) return outcome.giveUp();
          rateLimitRetries++;
          await outcome.release?.();
          deps.pause(timing.now() + waitMs);
          notify('rate_limited', outcome.status, waitMs, attempts);
          continue;
        }
        const failures = attempts - rateLimitRetries;
        if (failures >= policy.maxAttempts) return outcome.giveUp();
        await outcome.release?.();
        const waitMs = fullJitterDelay(failures, policy, random);
        notify(outcome.status === null ? 'network' : 'server_error', outcome.status, waitMs, attempts);
        await timing.sleep(waitMs);
      }
    },
  };

  function notify(reason: RetryReason, status: number | null, waitMs: number, attempt: number): void {
    if (deps.stats) deps.stats.retries++;
    deps.onRetry?.({ reason, status, waitMs, attempt });
  }
}
