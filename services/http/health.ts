/** Readiness of what the service needs: the database and Redis, each with a bounded wait. */
import { sql, type Kysely } from 'kysely';
import { DatabaseUnavailableError } from '../../db/database-error.js';
import type { Database } from '../../db/database-types.js';

export type HealthCheck =
  | { readonly ok: boolean; readonly ms: number; readonly error?: string }
  /** A dependency this process runs without (the demo and one-shot commands have no Redis). */
  | { readonly ok: true; readonly configured: false };

export interface HealthReport {
  readonly ok: boolean;
  /** The dependencies that failed their check, e.g. `['database']`. */
  readonly unavailable: readonly string[];
  readonly checks: Readonly<Record<string, HealthCheck>>;
}

export interface HealthDeps {
  readonly db: Kysely<Database>;
  /**
   * An ioredis client; while its `status` is not `ready` the check fails at once (a ping would
   * only queue). Absent when the process runs without Redis: reported as not configured, never as OK.
   */
  readonly redis?: { ping(): Promise<string>; readonly status?: string };
  readonly timeoutMs?: number;
}

async function timed(check: () => Promise<unknown>, timeoutMs: number) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the error's class and a short message: driver messages can name hosts and users.
    const message =
      error instanceof Error && error.message.startsWith('no answer')
        ? error.message
        : error instanceof DatabaseUnavailableError
          ? `unreachable (${error.code})`
          : 'unreachable';
    return { ok: false, ms: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const redisClient = deps.redis;
  const [database, redis] = await Promise.all([
    timed(() => sql`select 1`.execute(deps.db), timeoutMs),
    !redisClient
      ? ({ ok: true, configured: false } as const)
      : redisClient.status !== undefined && redisClient.status !== 'ready'
        ? { ok: false, ms: 0, error: `not connected (${redisClient.status})` }
        : timed(() => redisClient.ping(), timeoutMs),
  ]);
  const checks = { database, redis };
  const unavailable = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  return { ok: unavailable.length === 0, unavailable, checks };
}
