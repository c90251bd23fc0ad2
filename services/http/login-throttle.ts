/**
 * Slows down password guessing on the dashboard sign-in: after a few failures from one key (a
 * client address, an account), each further attempt must wait, doubling up to a cap. Kept in
 * memory per server process: it bounds guessing speed, and a restart only resets the wait.
 */
export interface LoginThrottleOptions {
  /** Failures allowed before waits start. */
  readonly freeFailures?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Failures older than this are forgotten. */
  readonly forgetAfterMs?: number;
  /** Bound on remembered keys (oldest forgotten first), so a flood of addresses cannot exhaust memory. */
  readonly maxKeys?: number;
}

export interface LoginThrottle {
  /** Seconds to wait before `keys` may try again; 0 when allowed now. */
  retryAfterSeconds(keys: readonly string[], nowMs?: number): number;
  recordFailure(keys: readonly string[], nowMs?: number): void;
  recordSuccess(keys: readonly string[]): void;
}

interface Entry {
  failures: number;
  lastFailureMs: number;
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const freeFailures = options.freeFailures ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
  const forgetAfterMs = options.forgetAfterMs ?? 60 * 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const entries = new Map<string, Entry>();

  const current = (key: string, nowMs: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && nowMs - entry.lastFailureMs > forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const waitMs = (entry: Entry): number => {
    const excess = entry.failures - freeFailures;
    return excess < 0 ? 0 : Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(excess, 30));
  };

  return {
    retryAfterSeconds(keys, nowMs = Date.now()) {
      let until = nowMs;
      for (const key of keys) {
        const entry = current(key, nowMs);
        if (entry) until = Math.max(until, entry.lastFailureMs + waitMs(entry));
      }
      return Math.ceil((until - nowMs) / 1000);
    },
    recordFailure(keys, nowMs = Date.now()) {
      for (const key of keys) {
        const entry = current(key, nowMs) ?? { failures: 0, lastFailureMs: nowMs };
        entry.failures += 1;
        entry.lastFailureMs = nowMs;
        entries.delete(key);
        entries.set(key, entry);
        if (entries.size > maxKeys) entries.delete(entries.keys().next().value!);
      }
    },
    recordSuccess(keys) {
      for (const key of keys) entries.delete(key);
    },
  };
}
