import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from '../../../services/http/login-throttle.js';

describe('login throttle', () => {
  it('allows the free failures, then doubles the wait per failure up to the cap', () => {
    const throttle = createLoginThrottle({ freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 });
    const key = ['ip:1'];
    let now = 0;
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds(key, now)).toBe(i === 3 ? 1 : 0);
      throttle.recordFailure(key, now);
    }
    expect(throttle.retryAfterSeconds(key, now)).toBe(1);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      now += throttle.retryAfterSeconds(key, now) * 1000;
      throttle.recordFailure(key, now);
      waits.push(throttle.retryAfterSeconds(key, now));
    }
    expect(waits).toEqual([2, 4, 8, 8, 8]);
  });

  it('is blocked when any of the keys is (address or account)', () => {
    const throttle = createLoginThrottle({ freeFailures: 0 });
    throttle.recordFailure(['account:dana'], 0);
    expect(throttle.retryAfterSeconds(['ip:2', 'account:dana'], 0)).toBe(2);
    expect(throttle.retryAfterSeconds(['ip:2', 'account:lee'], 0)).toBe(0);
  });

  it('forgets old failures and resets on success', () => {
    const throttle = createLoginThrottle({ freeFailures: 0, forgetAfterMs: 60_000 });
    throttle.recordFailure(['ip:3'], 0);
    expect(throttle.retryAfterSeconds(['ip:3'], 500)).toBe(2);
    expect(throttle.retryAfterSeconds(['ip:3'], 61_000)).toBe(0);
    throttle.recordFailure(['ip:3'], 70_000);
    throttle.recordSuccess(['ip:3']);
    expect(throttle.retryAfterSeconds(['ip:3'], 70_000)).toBe(0);
  });

  it('remembers a bounded number of keys', () => {
    const throttle = createLoginThrottle({ freeFailures: 0, maxKeys: 2 });
    for (const ip of ['a', 'b', 'c']) throttle.recordFailure([ip], 0);
    expect(throttle.retryAfterSeconds(['a'], 0)).toBe(0);
    expect(throttle.retryAfterSeconds(['c'], 0)).toBe(2);
  });
});
