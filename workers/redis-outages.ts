/**
 * One warning per Redis outage instead of one line per reconnect attempt of every connection:
 * ioredis reconnects by itself (and BullMQ with it), so a dropped connection is news once, when
 * it goes, and once more when it is back. Errors that are not about the connection are returned
 * to the caller to log as they are.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../services/logging/logger.js';
import { createOutageTracker, type OutageTracker } from '../services/logging/outage-tracker.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The failure's code when the error means the Redis connection is down, else null. */
export function redisConnectionFailureCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  if (/Connection is closed|connect ECONNREFUSED|read ECONNRESET/.test(error.message)) return 'connection-closed';
  // A restarted Redis answers LOADING until its dataset is read back.
  if (/^LOADING\b/.test(error.message)) return 'LOADING';
  return null;
}

export interface RedisOutageWatch {
  readonly tracker: OutageTracker;
  /**
   * Takes an error of another client on the same Redis (a BullMQ worker's or queue's own
   * connections): a connection failure returns true and is not to be logged on its own; it opens
   * an outage only while the watched connection is down too, so a lagging connection's last
   * refused reconnect after the server is back does not count as a second outage. Anything else
   * returns false.
   */
  absorb(error: unknown): boolean;
  stop(): void;
}

export function watchRedisOutages(connection: Redis, logger: Logger): RedisOutageWatch {
  const tracker = createOutageTracker({
    lost: ({ code }) => logger.warn({ dependency: 'redis', code }, 'redis connection lost; reconnecting, jobs resume when it is back'),
    restored: ({ downMs, failures }) => logger.info({ dependency: 'redis', downMs, failures }, 'redis connection restored'),
  });
  const onError = (error: unknown): void => {
    tracker.failed(redisConnectionFailureCode(error) ?? 'error');
  };
  // Emitted only when ioredis is about to reconnect: an unexpected close, never our own quit().
  const onReconnecting = (): void => tracker.failed('connection-closed');
  const onReady = (): void => tracker.succeeded();
  connection.on('error', onError);
  connection.on('reconnecting', onReconnecting);
  connection.on('ready', onReady);
  return {
    tracker,
    absorb(error) {
      const code = redisConnectionFailureCode(error);
      if (code === null) return false;
      if (connection.status !== 'ready') tracker.failed(code);
      return true;
    },
    stop() {
      connection.off('error', onError);
      connection.off('reconnecting', onReconnecting);
      connection.off('ready', onReady);
    },
  };
}
