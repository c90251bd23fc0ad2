/** Remembers webhook deliveries for a while so a captured request cannot be replayed. */
import type { Redis } from 'ioredis';

export interface ReplayGuard {
  /** True the first time a key is seen within ttlMs; false for a replay. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

export function createRedisReplayGuard(redis: Pick<Redis, 'set'>, prefix: string): ReplayGuard {
  return {
    async firstSeen(key, ttlMs) {
      return (await redis.set(`${prefix}:webhook-seen:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
  };
}
