/**
 * Leaky bucket as Linear describes its limiter: spent tokens drain at a constant
 * `limit / periodMs`, so a client that paces itself never hits the wall. Pure: the caller
 * passes the clock.
 */
export interface LeakyBucketState {
  readonly limit: number;
  readonly periodMs: number;
  /** Tokens currently in the bucket (spent and not yet drained). */
  level: number;
  lastMs: number;
}

export interface BucketReading {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch ms at which the bucket is empty again (the `X-RateLimit-*-Reset` header). */
  readonly resetAtMs: number;
}

export function createBucket(limit: number, periodMs: number, nowMs: number): LeakyBucketState {
  return { limit, periodMs, level: 0, lastMs: nowMs };
}

function drain(bucket: LeakyBucketState, nowMs: number): void {
  const elapsed = Math.max(0, nowMs - bucket.lastMs);
  bucket.level = Math.max(0, bucket.level - (elapsed * bucket.limit) / bucket.periodMs);
  bucket.lastMs = nowMs;
}

/** Adds `amount` tokens if they fit; returns false (and changes nothing) when they do not. */
export function trySpend(bucket: LeakyBucketState, amount: number, nowMs: number): boolean {
  drain(bucket, nowMs);
  if (bucket.level + amount > bucket.limit) return false;
  bucket.level += amount;
  return true;
}

export function readBucket(bucket: LeakyBucketState, nowMs: number): BucketReading {
  drain(bucket, nowMs);
  const drainMs = (bucket.level * bucket.periodMs) / bucket.limit;
  return {
    limit: bucket.limit,
    remaining: Math.max(0, Math.floor(bucket.limit - bucket.level)),
    resetAtMs: Math.ceil(nowMs + drainMs),
  };
}
