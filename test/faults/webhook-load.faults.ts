/**
 * Load: 200 webhooks/s for 30 s against `seams server` on loopback, on a fixed schedule (bounded
 * in count and time), with `seams worker` draining the queue at the same time. Webhook syncs are
 * coalesced per source: every accepted webhook's item key must be synced (none left pending or in
 * flight, each one stored after the load began), by far fewer sync jobs than webhooks, and the
 * queue must drain soon after the load ends. A delivery that times out or fails is delivered again
 * afterwards, as Jira and Linear redeliver failed webhooks, so a machine too busy to answer every
 * request in time still has to lose none of them; latency is printed, not asserted (a speed
 * target, for a benchmark rather than a test on a shared machine).
 */
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../workers/queues.js';
import { createWebhookKeyStore } from '../../workers/webhook-keys.js';
import { openQueue } from './checks.js';
import { findSecrets, percentile, printSummary, REDIS_URL, sleep, startSeams, startedProcesses, stopAll, SUITE_SECRETS, waitFor } from './faults-kit.js';
import { jiraWebhookBody, linearWebhook, prepareProgram, startServer } from './server-fixture.js';
import { createSyncFixture, type SyncFixture } from './sync-fixture.js';

const RATE_PER_S = 200;
const DURATION_S = 30;
const TOTAL = RATE_PER_S * DURATION_S;
const REQUEST_TIMEOUT_MS = 10_000;
/** Rounds of redelivery for webhooks whose delivery timed out or failed, a second apart more each round. */
const REDELIVERY_ROUNDS = 3;
/**
 * One webhook in ten is Linear's. Before coalescing, each webhook was its own single-issue sync
 * and 327 of them spent Linear's hourly request budget (5,000, enforced by the sandbox); now a
 * burst shares one sync per source.
 */
const LINEAR_EVERY = 10;
/** Bounded wait for the queue to empty after the load; coalesced, it takes seconds. */
const DRAIN_WINDOW_MS = 120_000;

describe('webhook load', () => {
  let fixture: SyncFixture;
  beforeAll(async () => {
    fixture = await createSyncFixture('load', { size: 'demo', seed: 81 });
    await prepareProgram(fixture);
  });
  afterAll(async () => {
    await stopAll();
    await fixture?.close();
  });

  it('takes 200 webhooks/s for 30 s, syncs every key by few jobs and drains the queue', async () => {
    const server = await startServer(fixture, 'server-load');
    const worker = startSeams('worker-load', ['worker'], fixture.env());
    await worker.waitForOutput(/"msg":"worker started"/);

    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const keyStore = createWebhookKeyStore(redis, fixture.prefix);
    const eventsConnection = redis.duplicate();
    const events = new QueueEvents(QUEUE_NAMES.sync, { connection: eventsConnection, prefix: fixture.prefix });
    await events.waitUntilReady();
    const added = new Set<string>();
    const completed = new Map<string, Record<string, number>>();
    const failed = new Set<string>();
    const webhookJob = (id: string): boolean => !id.startsWith('repeat:');
    const parseCounts = (value: unknown): Record<string, number> => {
      const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
    };
    events.on('added', ({ jobId }) => webhookJob(jobId) && added.add(jobId));
    events.on('completed', ({ jobId, returnvalue }) => webhookJob(jobId) && completed.set(jobId, parseCounts(returnvalue)));
    events.on('failed', ({ jobId }) => webhookJob(jobId) && failed.add(jobId));

    const linearIssues = fixture.sandbox.program.issues.filter((i) => i.tracker === 'linear' && !i.deleted && !i.archived);
    const linearKeys = linearIssues.map((i) => i.key);
    const jiraSource = (fixture.sandbox.configDocument.sources as { kind: string; projects?: string[] }[]).find((s) => s.kind === 'jira');
    const projects = new Set(jiraSource?.projects ?? []);
    const jiraKeys = fixture.sandbox.program.issues.filter((i) => i.tracker === 'jira' && !i.deleted && projects.has(i.teamKey)).map((i) => i.key);
    const acceptedKeys = { jira: new Set<string>(), linear: new Set<string>() };
    const linearRequestsBefore = fixture.sandbox.linear.stats.requests;
    const jiraRequestsBefore = fixture.sandbox.jira.stats.total;
    const [dbClock] = await fixture.query<{ now: Date }>('select now() as now');
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let maxLagMs = 0;
    const started = performance.now();
    /** Delivers webhook i (freshly signed each time, as a redelivery is); returns the status or the error name. */
    const deliver = async (i: number): Promise<string> => {
      const source = i % LINEAR_EVERY === 0 ? 'linear' : 'jira';
      const key = source === 'linear' ? linearKeys[i % linearKeys.length]! : jiraKeys[i % jiraKeys.length]!;
      try {
        const response =
          source === 'linear'
            ? await (() => {
                const { body, signature } = linearWebhook(linearIssues[i % linearIssues.length]!);
                return fetch(`${server.url}/webhooks/linear/linear`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', 'linear-signature': signature },
                  body,
                  signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
                });
              })()
            : await fetch(`${server.url}/webhooks/jira/jira`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${SUITE_SECRETS.JIRA_WEBHOOK_SECRET}` },
                body: jiraWebhookBody(key),
                signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
              });
        await response.arrayBuffer();
        if (response.status === 202) acceptedKeys[source].add(key);
        return String(response.status);
      } catch (error) {
        return (error as Error).name;
      }
    };
    let undelivered: number[] = [];
    const sendOne = async (i: number): Promise<void> => {
      const scheduledAt = started + (i * 1000) / RATE_PER_S;
      const wait = scheduledAt - performance.now();
      if (wait > 0) await sleep(wait);
      maxLagMs = Math.max(maxLagMs, performance.now() - scheduledAt);
      const sentAt = performance.now();
      const status = await deliver(i);
      if (status !== '202') undelivered.push(i);
      latencies.push(performance.now() - sentAt);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    // Every request has its own slot on the schedule; the whole run is bounded by TOTAL and the timeout.
    await Promise.all(Array.from({ length: TOTAL }, (_, i) => sendOne(i)));
    const loadMs = performance.now() - started;
    const firstTry = statuses.get('202') ?? 0;
    const redelivered = undelivered.length;
    for (let round = 1; round <= REDELIVERY_ROUNDS && undelivered.length > 0; round++) {
      await sleep(round * 1000);
      const results = await Promise.all(undelivered.map(async (i) => ({ i, status: await deliver(i) })));
      undelivered = results.filter((r) => r.status !== '202').map((r) => r.i);
    }
    const accepted = TOTAL - undelivered.length;

    // Drain for a bounded window: the queue empty, no key pending or in flight.
    const sync = openQueue('sync', fixture.prefix);
    // The scheduled syncs always have their next run delayed; only webhook jobs count here.
    const depthOf = async (): Promise<number> =>
      (await sync.queue.getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter((j) => j.id !== undefined && webhookJob(j.id)).length;
    const keysLeft = async (): Promise<number> => {
      const [jira, linear] = await Promise.all([keyStore.pending('jira'), keyStore.pending('linear')]);
      return jira.pending.length + jira.inFlight.length + linear.pending.length + linear.inFlight.length;
    };
    const depthAtLoadEnd = await depthOf();
    const keysAtLoadEnd = await keysLeft();
    const jobsAtLoadEnd = added.size;
    const drainStarted = performance.now();
    let depth = depthAtLoadEnd;
    let left = keysAtLoadEnd;
    let drained = false;
    const vanished: string[] = [];
    try {
      drained = await waitFor(
        async () => {
          [depth, left] = await Promise.all([depthOf(), keysLeft()]);
          return depth === 0 && left === 0 ? true : false;
        },
        DRAIN_WINDOW_MS,
        'the sync queue to drain',
        200,
      ).catch(() => false);
      // Completed jobs are trimmed from Redis (removeOnComplete), so the completed events decide for those.
      await waitFor(() => [...added].every((id) => completed.has(id) || failed.has(id)) || false, 10_000, 'the completed events').catch(() => false);
      for (const id of added) {
        if (completed.has(id) || failed.has(id)) continue;
        if ((await sync.queue.getJobState(id)) === 'unknown') vanished.push(id);
      }
    } finally {
      await sync.close();
    }
    const drainMs = performance.now() - drainStarted;
    await events.close();
    eventsConnection.disconnect();
    redis.disconnect();

    // Each targeted sync rewrites the items it reads (updated_at = now()): a key not stored since
    // the load began was never synced.
    const stale = async (source: string, keys: ReadonlySet<string>): Promise<string[]> =>
      (
        await fixture.query<{ key: string }>(
          `select w.key from work_items w join sources s on s.id = w.source_id
            where s.name = $1 and w.key = any($2) and w.updated_at < $3 order by w.key`,
          [source, [...keys], dbClock!.now],
        )
      ).map((r) => r.key);
    const staleKeys = [...(await stale('jira', acceptedKeys.jira)), ...(await stale('linear', acceptedKeys.linear))];
    const stored = await fixture.query<{ n: string }>(
      `select count(distinct (s.name, w.key)) as n from work_items w join sources s on s.id = w.source_id
        where (s.name = 'jira' and w.key = any($1)) or (s.name = 'linear' and w.key = any($2))`,
      [[...acceptedKeys.jira], [...acceptedKeys.linear]],
    );
    const keysSynced = [...completed.values()].reduce((sum, c) => sum + (c.webhookKeys ?? 0), 0);
    const distinctKeys = acceptedKeys.jira.size + acceptedKeys.linear.size;

    latencies.sort((a, b) => a - b);
    printSummary(`webhook load (${RATE_PER_S}/s for ${DURATION_S} s)`, {
      'requests sent': latencies.length,
      'load duration (ms)': Math.round(loadMs),
      'achieved rate (req/s)': (latencies.length / (loadMs / 1000)).toFixed(1),
      'worst schedule lag (ms)': Math.round(maxLagMs),
      'statuses (first delivery)': [...statuses].map(([s, n]) => `${s}=${n}`).join(' '),
      'accepted at first delivery': firstTry,
      'redelivered (timed out or failed at first)': redelivered,
      [`not accepted after ${REDELIVERY_ROUNDS} redelivery rounds`]: undelivered.length,
      'latency p50 (ms)': percentile(latencies, 50).toFixed(1),
      'latency p99 (ms)': percentile(latencies, 99).toFixed(1),
      'latency max (ms)': (latencies.at(-1) ?? 0).toFixed(1),
      'webhooks accepted': accepted,
      'distinct keys accepted (jira / linear)': `${acceptedKeys.jira.size} / ${acceptedKeys.linear.size}`,
      'keys synced by webhook jobs (with repeats)': keysSynced,
      'accepted keys not re-stored since load start': staleKeys.length,
      'sync jobs created (during load / total)': `${jobsAtLoadEnd} / ${added.size}`,
      'webhooks per sync job': (accepted / Math.max(1, added.size)).toFixed(1),
      'jobs completed / failed': `${completed.size} / ${failed.size}`,
      'webhook jobs queued / keys waiting at load end': `${depthAtLoadEnd} / ${keysAtLoadEnd}`,
      'webhook jobs queued / keys waiting at the end': `${depth} / ${left}`,
      'drain time after load (ms)': drained ? Math.round(drainMs) : `not drained in ${DRAIN_WINDOW_MS}`,
      'tracker requests (jira / linear)': `${fixture.sandbox.jira.stats.total - jiraRequestsBefore} / ${fixture.sandbox.linear.stats.requests - linearRequestsBefore}`,
      'jobs vanished (not completed, failed or queued)': vanished.length,
    });

    expect(latencies).toHaveLength(TOTAL);
    expect(accepted).toBe(TOTAL);
    expect(drained).toBe(true);
    expect(left).toBe(0);
    expect(Number(stored[0]?.n)).toBe(distinctKeys);
    expect(staleKeys).toEqual([]);
    expect(keysSynced).toBeGreaterThanOrEqual(distinctKeys);
    expect(failed.size).toBe(0);
    expect(vanished).toEqual([]);
    expect(added.size).toBeGreaterThan(0);
    expect(added.size * 20).toBeLessThan(accepted);
    const leaks = findSecrets(Object.fromEntries(startedProcesses().map((p) => [p.name, p.output()])), { ...SUITE_SECRETS, ...fixture.sandbox.env });
    expect(leaks).toEqual([]);
  }, 600_000);
});
