/**
 * Item keys named by webhooks, waiting for their source's next targeted sync. A burst of webhooks
 * becomes one Redis set per source (and one sync job, see enqueueTargetedSync) instead of one job
 * per webhook. A sync moves the pending set into a per-source in-flight set rather than deleting
 * it, and removes keys from there only once they are synced: a worker that dies mid-sync leaves
 * its keys in flight, and the source's next webhook sync (the stalled job's re-run or a later one)
 * takes them again. The source lock keeps one sync per source, so one in-flight set suffices.
 */
import type { Redis } from 'ioredis';

export interface WebhookKeyStore {
  /** Records keys to sync; a key already pending is stored once. */
  add(sourceName: string, itemKeys: readonly string[]): Promise<void>;
  /** Moves every pending key in flight and returns all in-flight keys (sorted). */
  take(sourceName: string): Promise<string[]>;
  /** Drops keys that were synced. */
  done(sourceName: string, itemKeys: readonly string[]): Promise<void>;
  /** Puts keys whose sync failed back among the pending ones, for the retry. */
  restore(sourceName: string, itemKeys: readonly string[]): Promise<void>;
  /** Pending and in-flight keys, for checks and metrics. */
  pending(sourceName: string): Promise<{ readonly pending: string[]; readonly inFlight: string[] }>;
}

export function webhookKeysKey(prefix: string, sourceName: string): string {
  return `${prefix}:webhook-keys:${sourceName}`;
}

function inFlightKey(prefix: string, sourceName: string): string {
  return `${webhookKeysKey(prefix, sourceName)}:in-flight`;
}

export function createWebhookKeyStore(redis: Redis, prefix: string): WebhookKeyStore {
  const pendingKey = (s: string) => webhookKeysKey(prefix, s);
  const flightKey = (s: string) => inFlightKey(prefix, s);
  return {
    async add(sourceName, itemKeys) {
      if (itemKeys.length > 0) await redis.sadd(pendingKey(sourceName), ...itemKeys);
    },
    async take(sourceName) {
      const results = await redis
        .multi()
        .sunionstore(flightKey(sourceName), flightKey(sourceName), pendingKey(sourceName))
        .del(pendingKey(sourceName))
        .smembers(flightKey(sourceName))
        .exec();
      const last = results?.[2];
      if (!last || last[0]) throw last?.[0] ?? new Error('webhook key transaction was aborted');
      const members: unknown = last[1];
      return Array.isArray(members) ? members.filter((m): m is string => typeof m === 'string').sort() : [];
    },
    async done(sourceName, itemKeys) {
      if (itemKeys.length > 0) await redis.srem(flightKey(sourceName), ...itemKeys);
    },
    async restore(sourceName, itemKeys) {
      if (itemKeys.length === 0) return;
      const results = await redis
        .multi()
        .sadd(pendingKey(sourceName), ...itemKeys)
        .srem(flightKey(sourceName), ...itemKeys)
        .exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error('webhook key transaction was aborted');
    },
    async pending(sourceName) {
      const [pending, inFlight] = await Promise.all([redis.smembers(pendingKey(sourceName)), redis.smembers(flightKey(sourceName))]);
      return { pending: pending.sort(), inFlight: inFlight.sort() };
    },
  };
}
