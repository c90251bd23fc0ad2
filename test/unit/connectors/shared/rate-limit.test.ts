import { describe, expect, it } from 'vitest';
import {
  createConcurrencyLimiter,
  createRateLimitGate,
  mapWithConcurrency,
  retryAfterMs,
  type Timing,
} from '../../../../services/connectors/rate-limit.js';

const headers = (h: Record<string, string>) => new Headers(h);

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta seconds', () => {
    expect(retryAfterMs(headers({ 'Retry-After': '7' }), now)).toBe(7000);
  });
  it('reads an HTTP date and an ISO reset, taking the larger', () => {
    expect(retryAfterMs(headers({ 'Retry-After': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(headers({ 'Retry-After': '2', 'X-RateLimit-Reset': '2025-01-01T00:00:05Z' }), now)).toBe(5000);
  });
  it('reads epoch seconds, clamps the past to 0, and returns null without headers', () => {
    expect(retryAfterMs(headers({ 'X-RateLimit-Reset': String(now / 1000 + 4) }), now)).toBe(4000);
    expect(retryAfterMs(headers({ 'X-RateLimit-Reset': '2024-12-31T00:00:00Z' }), now)).toBe(0);
    expect(retryAfterMs(headers({}), now)).toBeNull();
  });
});

describe('createConcurrencyLimiter', () => {
  it('never runs more than max tasks at once and keeps results', async () => {
    const limiter = createConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const task = (n: number) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return n * 2;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(task))).toEqual([2, 4, 6, 8, 10]);
    expect(peak).toBe(2);
    expect(limiter.active).toBe(0);
  });
  it('frees the slot when a task throws', async () => {
    const limiter = createConcurrencyLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await limiter.run(async () => 1)).toBe(1);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps input order', async () => {
    const out = await mapWithConcurrency([30, 10, 20], 3, async (ms, i) => {
      await new Promise((r) => setTimeout(r, ms));
      return i;
    });
    expect(out).toEqual([0, 1, 2]);
  });
});

describe('createRateLimitGate', () => {
  it('makes waiters sleep until the latest pause', async () => {
    let now = 1000;
    const sleeps: number[] = [];
    const timing: Timing = { now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; } };
    const gate = createRateLimitGate(timing);
    expect(await gate.wait()).toBe(0);
    gate.pauseUntil(4000);
    gate.pauseUntil(2000);
    expect(await gate.wait()).toBe(3000);
    expect(sleeps).toEqual([3000]);
  });
});
