/**
 * A per-source mutex in Redis so that at most one sync of a source runs at a time across all
 * workers (scheduled incremental, nightly reconcile and webhook-targeted jobs share it). It is a
 * lease: SET NX PX with a token, renewed while the job runs, released only by its holder, and it
 * expires by itself if the holder dies.
 */
import type { Redis } from 'ioredis';

// Taking a lock this holder already has succeeds: when a connection drops after SET ran but before
// its reply arrived, ioredis sends the command again, and that retry must not find the source busy.
const ACQUIRE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface SourceLock {
  acquire(sourceName: string, token: string): Promise<boolean>;
  renew(sourceName: string, token: string): Promise<boolean>;
  release(sourceName: string, token: string): Promise<void>;
  readonly ttlMs: number;
}

export function createSourceLock(redis: Redis, prefix: string, ttlMs: number): SourceLock {
  const key = (sourceName: string) => `${prefix}:lock:sync:${sourceName}`;
  return {
    ttlMs,
    async acquire(sourceName, token) {
      return Number(await redis.eval(ACQUIRE, 1, key(sourceName), token, String(ttlMs))) === 1;
    },
    async renew(sourceName, token) {
      return Number(await redis.eval(RENEW, 1, key(sourceName), token, String(ttlMs))) === 1;
    },
    async release(sourceName, token) {
      await redis.eval(RELEASE, 1, key(sourceName), token);
    },
  };
}
