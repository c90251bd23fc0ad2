import { describe, expect, it } from 'vitest';
import { TrackerAuthError, TrackerRequestError } from '../../../../services/connectors/connector-errors.js';
import { assertOk, createRetryingFetch, type FetchLike } from '../../../../services/connectors/http-retry.js';
import { createHttpStats, fullJitterDelay } from '../../../../services/connectors/retry-policy.js';
import type { Timing } from '../../../../services/connectors/rate-limit.js';

function fakeTiming() {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const sleeps: number[] = [];
  const timing: Timing = { now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; } };
  return { timing, sleeps };
}

function scripted(responses: Array<Response | Error>): FetchLike & { calls: number } {
  const fn = (async () => {
    fn.calls++;
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as FetchLike & { calls: number };
  fn.calls = 0;
  return fn;
}

describe('fullJitterDelay', () => {
  it('caps the exponential window', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(fullJitterDelay(1, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(200);
    expect(fullJitterDelay(10, policy, () => 0.5)).toBe(500);
  });
});

describe('createRetryingFetch', () => {
  it('honours Retry-After on 429 and counts the wait', async () => {
    const { timing, sleeps } = fakeTiming();
    const stats = createHttpStats();
    const fetchImpl = scripted([new Response('', { status: 429, headers: { 'Retry-After': '3' } }), new Response('ok')]);
    const f = createRetryingFetch({ sourceName: 's', fetchImpl, timing, stats });
    const res = await f('https://x.test/a');
    expect(await res.text()).toBe('ok');
    expect(sleeps).toEqual([3000]);
    expect(stats).toEqual({ requests: 2, retries: 1, rateLimitWaits: 1, rateLimitWaitMs: 3000 });
  });

  it('treats 503 with Retry-After as a rate limit', async () => {
    const { timing, sleeps } = fakeTiming();
    const fetchImpl = scripted([new Response('', { status: 503, headers: { 'Retry-After': '1' } }), new Response('ok')]);
    const res = await createRetryingFetch({ sourceName: 's', fetchImpl, timing })('https://x.test/a');
    expect(res.status).toBe(200);
    expect(sleeps).toEqual([1000]);
  });

  it('backs off with jitter on 5xx and gives the last response after maxAttempts', async () => {
    const { timing, sleeps } = fakeTiming();
    const fetchImpl = scripted([502, 500, 504].map((s) => new Response('', { status: s })));
    const res = await createRetryingFetch({
      sourceName: 's', fetchImpl, timing, random: () => 0.5, policy: { maxAttempts: 3, baseDelayMs: 100 },
    })('https://x.test/a');
    expect(res.status).toBe(504);
    expect(sleeps).toEqual([50, 100]);
    expect(fetchImpl.calls).toBe(3);
  });

  it('retries network errors, then throws a TrackerRequestError without status', async () => {
    const { timing } = fakeTiming();
    const fetchImpl = scripted([new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const f = createRetryingFetch({ sourceName: 'jira-main', fetchImpl, timing, policy: { maxAttempts: 2 } });
    const error = await f('https://x.test/rest/api/3/search/jql?jql=x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerRequestError);
    expect((error as TrackerRequestError).status).toBeNull();
    expect((error as TrackerRequestError).path).toBe('/rest/api/3/search/jql');
  });

  it('does not retry 4xx and gives up when Retry-After exceeds the cap', async () => {
    const { timing, sleeps } = fakeTiming();
    const fetchImpl = scripted([new Response('', { status: 404 }), new Response('', { status: 429, headers: { 'Retry-After': '3600' } })]);
    const f = createRetryingFetch({ sourceName: 's', fetchImpl, timing, policy: { maxRetryAfterMs: 60_000 } });
    expect((await f('https://x.test/a')).status).toBe(404);
    expect((await f('https://x.test/a')).status).toBe(429);
    expect(sleeps).toEqual([]);
  });
});

describe('assertOk', () => {
  const ctx = { sourceName: 'jira-main', method: 'GET', url: 'https://x.test/rest/api/3/myself?a=1', secrets: ['s3cr3t-token'] };
  it('maps 401 to TrackerAuthError without leaking the secret', async () => {
    const error = await assertOk(new Response('bad token s3cr3t-token', { status: 401 }), ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerAuthError);
    expect((error as TrackerAuthError).sourceName).toBe('jira-main');
    expect((error as Error).message).not.toContain('s3cr3t-token');
  });
  it('maps 400 to a non-transient TrackerRequestError', async () => {
    const error = (await assertOk(new Response('{"errorMessages":["bad jql"]}', { status: 400 }), ctx).catch((e: unknown) => e)) as TrackerRequestError;
    expect(error.status).toBe(400);
    expect(error.transient).toBe(false);
    expect(error.message).toContain('bad jql');
  });
});
