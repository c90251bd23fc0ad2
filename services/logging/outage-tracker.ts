/**
 * Turns a dependency's stream of failures and successes into outages: the first failure opens
 * one (reported once, however many queries or reconnect attempts fail during it) and the first
 * success after it closes it (reported with how long it lasted). Pure: the caller logs.
 */

export interface OutageEvents {
  /** The first failure of an outage; later failures of the same outage are only counted. */
  readonly lost?: (info: { readonly code: string }) => void;
  /** The first success after an outage. */
  readonly restored?: (info: { readonly downMs: number; readonly failures: number }) => void;
}

export interface OutageTracker {
  failed(code: string): void;
  succeeded(): void;
  /** True between a failure and the next success. */
  readonly down: boolean;
}

export function createOutageTracker(events: OutageEvents, now: () => number = Date.now): OutageTracker {
  let since: number | null = null;
  let failures = 0;
  return {
    failed(code) {
      failures += 1;
      if (since !== null) return;
      since = now();
      failures = 1;
      events.lost?.({ code });
    },
    succeeded() {
      if (since === null) return;
      const info = { downMs: now() - since, failures };
      since = null;
      failures = 0;
      events.restored?.(info);
    },
    get down() {
      return since !== null;
    },
  };
}
