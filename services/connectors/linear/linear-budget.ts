/**
 * What Linear says is left of our two leaky buckets, read from every response:
 * `X-RateLimit-Requests-Remaining` / `-Reset` and `X-RateLimit-Complexity-Remaining` / `-Reset`
 * (resets are UTC epoch milliseconds), plus `X-Complexity`, the cost of the query just run.
 * We stop before a bucket runs dry and wait for its reset, instead of spending a request to be
 * told RATELIMITED.
 */
import type { HeaderReader } from '../rate-limit.js';

/** Requests kept in reserve: other clients of the same key (webhook handlers, the UI) need some too. */
export const REQUEST_MARGIN = 5;
/** Complexity kept in reserve on top of the next query's expected cost. */
export const COMPLEXITY_MARGIN = 500;

export interface BudgetReading {
  readonly requestsRemaining: number | null;
  readonly requestsResetAt: number | null;
  readonly complexityRemaining: number | null;
  readonly complexityResetAt: number | null;
  /** Complexity of the last query, our estimate of the next one's. */
  readonly lastComplexity: number | null;
}

export interface LinearBudget {
  observe(headers: HeaderReader, nowMs: number): void;
  /** Epoch ms to wait until before the next request, or null to go ahead. */
  pauseUntil(nowMs: number): number | null;
  /** After a RATELIMITED answer: ms until the exhausted bucket has refilled, if the headers say. */
  waitAfterRateLimit(nowMs: number): number | null;
  readonly reading: BudgetReading;
}

export function createBudget(): LinearBudget {
  let reading: BudgetReading = {
    requestsRemaining: null,
    requestsResetAt: null,
    complexityRemaining: null,
    complexityResetAt: null,
    lastComplexity: null,
  };

  const lowRequests = (): boolean => reading.requestsRemaining !== null && reading.requestsRemaining < REQUEST_MARGIN;
  const lowComplexity = (): boolean =>
    reading.complexityRemaining !== null && reading.complexityRemaining < (reading.lastComplexity ?? 0) + COMPLEXITY_MARGIN;

  const resetsAhead = (nowMs: number, includeAll: boolean): number | null => {
    const candidates: number[] = [];
    if ((includeAll || lowRequests()) && reading.requestsResetAt !== null && reading.requestsResetAt > nowMs) candidates.push(reading.requestsResetAt);
    if ((includeAll || lowComplexity()) && reading.complexityResetAt !== null && reading.complexityResetAt > nowMs) candidates.push(reading.complexityResetAt);
    return candidates.length === 0 ? null : Math.max(...candidates);
  };

  return {
    get reading() {
      return reading;
    },
    observe(headers) {
      reading = {
        requestsRemaining: numberHeader(headers, 'x-ratelimit-requests-remaining') ?? reading.requestsRemaining,
        requestsResetAt: epochMsHeader(headers, 'x-ratelimit-requests-reset') ?? reading.requestsResetAt,
        complexityRemaining: numberHeader(headers, 'x-ratelimit-complexity-remaining') ?? reading.complexityRemaining,
        complexityResetAt: epochMsHeader(headers, 'x-ratelimit-complexity-reset') ?? reading.complexityResetAt,
        lastComplexity: numberHeader(headers, 'x-complexity') ?? reading.lastComplexity,
      };
    },
    pauseUntil(nowMs) {
      return resetsAhead(nowMs, false);
    },
    waitAfterRateLimit(nowMs) {
      // Which bucket ran dry is not always visible; wait for the low one, else for both.
      const at = resetsAhead(nowMs, false) ?? resetsAhead(nowMs, true);
      return at === null ? null : at - nowMs;
    },
  };
}

function numberHeader(headers: HeaderReader, name: string): number | null {
  const value = headers.get(name)?.trim();
  if (!value) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function epochMsHeader(headers: HeaderReader, name: string): number | null {
  const n = numberHeader(headers, name);
  if (n === null) return null;
  // Linear sends milliseconds; tolerate seconds (anything below 1e11 is before 1973 in ms).
  return n < 1e11 ? n * 1000 : n;
}
