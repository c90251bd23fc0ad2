/** Fault injection for the Jira sandbox: deterministic, counted over authenticated requests. */

export interface JiraFaults {
  /** Every n-th request answers 429 with `Retry-After`. */
  readonly rate429Every?: number;
  readonly retryAfterSeconds?: number;
  /** Every n-th request answers 500. */
  readonly error500Every?: number;
  /** Added latency on every request. */
  readonly delayMs?: number;
  /** Every n-th request answers 200 with a JSON body cut in half. */
  readonly truncateEvery?: number;
}

export type FaultDecision = { readonly kind: 'none' } | { readonly kind: '429'; readonly retryAfterSeconds: number } | { readonly kind: '500' } | { readonly kind: 'truncate' };

export interface FaultInjector {
  set(faults: JiraFaults): void;
  readonly delayMs: number;
  /** Decides the fate of the next request (advances the counter). */
  next(): FaultDecision;
}

const hits = (every: number | undefined, count: number): boolean => every !== undefined && every > 0 && count % every === 0;

export function createFaultInjector(initial: JiraFaults = {}): FaultInjector {
  let faults = initial;
  let count = 0;
  return {
    set(next) {
      faults = next;
      count = 0;
    },
    get delayMs() {
      return faults.delayMs ?? 0;
    },
    next() {
      count++;
      if (hits(faults.rate429Every, count)) return { kind: '429', retryAfterSeconds: faults.retryAfterSeconds ?? 1 };
      if (hits(faults.error500Every, count)) return { kind: '500' };
      if (hits(faults.truncateEvery, count)) return { kind: 'truncate' };
      return { kind: 'none' };
    },
  };
}
