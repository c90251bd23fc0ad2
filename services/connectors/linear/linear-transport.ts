/**
 * Sends our documents through @linear/sdk's `client.client.rawRequest` with Linear's rate-limit
 * discipline and the shared retry policy.
 *
 * Why rawRequest and not the shared retrying fetch: the SDK's GraphQL client always calls
 * `globalThis.fetch` and takes no custom fetch. It does expose what we need, though: a successful
 * `rawRequest` returns the response `headers`, and a failed one throws a `LinearError` whose
 * `raw.response` keeps the status, the headers and the GraphQL errors. So each attempt classifies
 * the SDK's answer here and the shared retry loop (retry-loop.ts) decides what happens next.
 */
import { LinearClient, LinearError } from '@linear/sdk';
import { TrackerAuthError, TrackerRequestError, redactSecrets } from '../connector-errors.js';
import type { HttpStats, RetryPolicy } from '../retry-policy.js';
import { createRetryLoop, type RetryReason } from '../retry-loop.js';
import { createRateLimitGate, realTiming, retryAfterMs, type RateLimitGate, type Timing } from '../rate-limit.js';
import { createBudget, type LinearBudget } from './linear-budget.js';

export interface LinearTransport {
  /** Runs one document; returns its `data` (still unvalidated). */
  request(document: string, variables: Readonly<Record<string, unknown>>): Promise<unknown>;
  readonly budget: LinearBudget;
}

export interface LinearTransportOptions {
  readonly sourceName: string;
  readonly apiKey: string;
  readonly apiUrl?: string | undefined;
  readonly stats: HttpStats;
  readonly timing?: Timing | undefined;
  readonly random?: (() => number) | undefined;
  readonly policy?: Partial<RetryPolicy> | undefined;
  readonly gate?: RateLimitGate | undefined;
  readonly onRetry?: ((event: { readonly reason: RetryReason; readonly waitMs: number; readonly attempt: number }) => void) | undefined;
}

type Failure =
  | { readonly kind: 'auth'; readonly status: 401 | 403; readonly detail: string }
  | { readonly kind: 'rate_limited'; readonly waitMs: number | null }
  | { readonly kind: 'transient'; readonly status: number | null; readonly detail: string }
  | { readonly kind: 'fatal'; readonly status: number | null; readonly detail: string };

interface RawGraphQLError {
  readonly message?: unknown;
  readonly extensions?: { readonly code?: unknown; readonly type?: unknown } | null;
}

export function createLinearTransport(options: LinearTransportOptions): LinearTransport {
  const timing = options.timing ?? realTiming;
  const gate = options.gate ?? createRateLimitGate(timing);
  const budget = createBudget();
  const client = new LinearClient({ apiKey: options.apiKey, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) });
  const { stats, sourceName } = options;
  const path = pathOf(options.apiUrl ?? 'https://api.linear.app/graphql');

  // One wait is one pause: a RATELIMITED answer and the budget headers it carries name the same reset.
  let scheduledUntil = 0;
  const pause = (untilMs: number): void => {
    if (untilMs <= scheduledUntil || untilMs <= timing.now()) return;
    scheduledUntil = untilMs;
    stats.rateLimitWaits++;
    gate.pauseUntil(untilMs);
  };
  const loop = createRetryLoop({
    policy: options.policy,
    timing,
    random: options.random,
    stats,
    // A zero wait still pauses a millisecond, so the retry queues behind requests already waiting.
    pause: (untilMs) => pause(Math.max(untilMs, timing.now() + 1)),
    onRetry: ({ reason, waitMs, attempt }) => options.onRetry?.({ reason, waitMs, attempt }),
  });
  const requestError = (status: number | null, transient: boolean, detail: string) =>
    new TrackerRequestError({ sourceName, status, method: 'POST', path, transient, detail });

  return {
    budget,
    request(document, variables) {
      return loop.run(async () => {
        const budgetPause = budget.pauseUntil(timing.now());
        if (budgetPause !== null) pause(budgetPause);
        stats.rateLimitWaitMs += await gate.wait();
        stats.requests++;
        let failure: Failure;
        try {
          const response = await client.client.rawRequest<unknown, Record<string, unknown>>(document, { ...variables });
          if (response.headers) budget.observe(response.headers, timing.now());
          return { kind: 'done', value: response.data };
        } catch (error) {
          failure = classify(error, timing.now(), budget, [options.apiKey]);
        }
        if (failure.kind === 'auth') throw new TrackerAuthError(sourceName, failure.status, failure.detail);
        if (failure.kind === 'fatal') throw requestError(failure.status, false, failure.detail);
        if (failure.kind === 'rate_limited') {
          return {
            kind: 'rate_limited',
            status: 429,
            waitMs: failure.waitMs,
            giveUp: () => {
              throw requestError(429, true, 'Linear rate limit (RATELIMITED) persisted');
            },
          };
        }
        const { status, detail } = failure;
        return {
          kind: 'transient',
          status,
          giveUp: () => {
            throw requestError(status, true, detail);
          },
        };
      });
    },
  };
}

/**
 * Sorts a failed rawRequest into what we do next. Linear reports most failures as GraphQL errors
 * with `extensions.code` (RATELIMITED arrives as HTTP 400, AUTHENTICATION_ERROR as 400 or 401);
 * fetch failures surface as a plain TypeError (no LinearError, no status).
 */
export function classify(error: unknown, nowMs: number, budget: LinearBudget, secrets: readonly string[]): Failure {
  if (!(error instanceof LinearError)) {
    return { kind: 'transient', status: null, detail: redactSecrets(describe(error), secrets) };
  }
  const response = (error.raw as { response?: { status?: number; headers?: Headers; errors?: RawGraphQLError[] } } | undefined)?.response;
  const status = typeof response?.status === 'number' ? response.status : (error.status ?? null);
  const graphqlErrors = response?.errors ?? [];
  const codes = graphqlErrors.map((e) => String(e.extensions?.code ?? '').toUpperCase());
  const types = graphqlErrors.map((e) => String(e.extensions?.type ?? '').toLowerCase());
  const detail = redactSecrets(
    graphqlErrors
      .map((e) => (typeof e.message === 'string' ? e.message : ''))
      .filter(Boolean)
      .join('; ')
      .slice(0, 300) || `HTTP ${status ?? 'error'}`,
    secrets,
  );
  if (response?.headers) budget.observe(response.headers, nowMs);

  if (codes.includes('RATELIMITED') || types.includes('ratelimited') || status === 429) {
    const headers = response?.headers;
    // An explicit Retry-After is the server's own answer; the reset headers of a leaky bucket
    // name when it is completely empty, which can be minutes after there is room again.
    return { kind: 'rate_limited', waitMs: (headers ? retryAfterMs(headers, nowMs) : null) ?? budget.waitAfterRateLimit(nowMs) };
  }
  if (codes.includes('AUTHENTICATION_ERROR') || types.includes('authentication error') || status === 401) {
    return { kind: 'auth', status: 401, detail: `Linear did not accept the API key (${detail}). Create a new personal API key and update the source's secret.` };
  }
  if (codes.includes('FORBIDDEN') || types.includes('forbidden') || status === 403) {
    return { kind: 'auth', status: 403, detail: `Linear refused access (${detail}). Grant the key's user access to the configured teams.` };
  }
  if (status !== null && status >= 500) return { kind: 'transient', status, detail };
  if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('LOCK_TIMEOUT') || types.includes('internal error') || types.includes('lock timeout')) {
    return { kind: 'transient', status, detail };
  }
  return { kind: 'fatal', status, detail };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  }
  return 'network error';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '/graphql';
  }
}
