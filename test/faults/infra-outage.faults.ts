/**
 * The shared servers go away under a running `seams worker`: Postgres stopped for 30 s in the
 * middle of a sync, and Redis restarted while a sync runs and the tracker is failing. Jobs retry
 * with backoff and complete, no page is stored in part, and while a source is behind the report
 * inputs say so (sync_state.last_error / last_success_at → staleness notices). The worker lives
 * through both and logs one warning per outage. Waits follow the sync queue's backoff and the
 * connectors' retry policy (recovery-budget.ts); each test prints how long recovery took.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { listSyncStatus } from '../../db/sync-state.js';
import { dataStaleness } from '../../services/reports/data-staleness.js';
import type { SourceStatus } from '../../services/reports/report-inputs.js';
import { jobCounts, openQueue, partialPageGroups } from './checks.js';
import {
  ensurePostgres,
  ensureRedis,
  findSecrets,
  printSummary,
  sleep,
  startSeams,
  startedProcesses,
  stopAll,
  stopPostgres,
  stopRedis,
  SUITE_SECRETS,
  waitFor,
} from './faults-kit.js';
import { connectorRetryMs, retryScheduleMs, SLOW_MACHINE_MS } from './recovery-budget.js';
import { compareWithSandbox, createSyncFixture, syncStates, type SyncFixture } from './sync-fixture.js';
import { DEFAULT_JOB_OPTIONS } from '../../workers/queues.js';

/** How long each server is kept down: the scenario, not a wait for something to happen. */
const PG_OUTAGE_MS = 30_000;
const REDIS_OUTAGE_MS = 3_000;
/** Every retry of a failed sync job, in the worst case, plus room for the sync itself. */
const SYNC_RETRIES_MS = retryScheduleMs(DEFAULT_JOB_OPTIONS.sync) + SLOW_MACHINE_MS;

const countLines = (text: string, msg: string): number => text.split('\n').filter((line) => line.includes(`"msg":"${msg}`)).length;

/** The staleness notices a report rendered now would carry (same mapping as load-report-inputs). */
async function stalenessNow(fixture: SyncFixture, staleAfterMinutes: number): Promise<string[]> {
  const handle = openDatabase({ databaseUrl: fixture.databaseUrl, poolSize: 1 });
  try {
    const sources: SourceStatus[] = (await listSyncStatus(handle.db)).map((s) => ({
      name: s.source_name,
      kind: s.source_kind === 'linear' ? 'linear' : 'jira',
      lastSuccessAt: s.last_success_at?.toISOString() ?? null,
      lastError: s.last_error,
    }));
    return dataStaleness(sources, new Date().toISOString(), { staleAfterMinutes }).map((n) => n.message);
  } finally {
    await handle.close();
  }
}

describe('infrastructure outages under a running worker', () => {
  const fixtures: SyncFixture[] = [];
  afterEach(async () => {
    // Whatever happened, the shared servers run again for the next test.
    await ensurePostgres();
    await ensureRedis();
    await stopAll();
  });
  afterAll(async () => {
    for (const f of fixtures) await f.close();
    const leaks = findSecrets(Object.fromEntries(startedProcesses().map((p) => [p.name, p.output()])), {
      ...SUITE_SECRETS,
      ...(fixtures[0]?.sandbox.env ?? {}),
    });
    expect(leaks).toEqual([]);
  });

  it('Postgres stopped for 30 s mid-sync: the job retries with backoff and completes, no partial page', { timeout: PG_OUTAGE_MS + SYNC_RETRIES_MS + 2 * SLOW_MACHINE_MS }, async () => {
    const fixture = await createSyncFixture('pg-outage', { size: { items: 5000, links: 10_000 }, seed: 31 });
    fixtures.push(fixture);
    fixture.sandbox.jira.setFaults({ delayMs: 150 });
    fixture.sandbox.linear.setFaults({ delayMs: 150 });
    const sync = openQueue('sync', fixture.prefix);
    try {
      const worker = startSeams('worker-pg', ['worker'], fixture.env());
      await waitFor(
        async () => {
          const jira = (await syncStates(fixture)).find((s) => s.source === 'jira');
          return jira && jira.page_token !== null && Number(jira.items_synced) >= 500 ? true : false;
        },
        SLOW_MACHINE_MS,
        'the Jira sync to be a few pages in',
        100,
      );
      const stoppedAt = Date.now();
      try {
        stopPostgres();
        await sleep(PG_OUTAGE_MS);
      } finally {
        await ensurePostgres();
      }
      const downMs = Date.now() - stoppedAt;
      const workerAlive = worker.child.exitCode === null && worker.child.signalCode === null;
      const partialAfterOutage = await partialPageGroups(fixture, 'jira', 100);
      const noticesWhileBehind = await stalenessNow(fixture, 60);

      fixture.sandbox.jira.setFaults({});
      fixture.sandbox.linear.setFaults({});
      await waitFor(
        async () => ((await syncStates(fixture)).every((s) => s.last_success_at !== null && s.page_token === null) ? true : false),
        SYNC_RETRIES_MS,
        'both sources to complete after the outage',
        500,
      ).catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\nworker exit: ${String(worker.child.exitCode ?? worker.child.signalCode)}\n${worker.output().slice(-4000)}`);
      });
      const completedMs = Date.now() - stoppedAt;
      const comparison = await compareWithSandbox(fixture);
      const counts = await jobCounts(sync.queue);
      const jobs = await sync.queue.getJobs(['completed'], 0, 50);
      const retried = jobs.filter((j) => j.attemptsMade > 1 || (j.stalledCounter ?? 0) > 0);
      const failedLogged = countLines(worker.output(), 'job failed');
      const outageWarnings = countLines(worker.output(), 'database connection lost');
      const restoredLogged = countLines(worker.output(), 'database connection restored');
      const noticesAfter = await stalenessNow(fixture, 60);
      const partial = [...(await partialPageGroups(fixture, 'jira', 100)), ...(await partialPageGroups(fixture, 'linear', 80))];
      printSummary('Postgres stopped 30 s during a 5,000-item sync', {
        'postgres down (ms)': downMs,
        'worker process survived': workerAlive ? 'yes' : 'no',
        'outage warnings logged': outageWarnings,
        'restored lines logged': restoredLogged,
        'failed attempts logged': failedLogged,
        'sync retry schedule (ms)': retryScheduleMs(DEFAULT_JOB_OPTIONS.sync),
        'jobs retried then completed': retried.length,
        'outage start to sync complete (ms)': completedMs,
        'staleness while behind': noticesWhileBehind.join(' | ') || '(none)',
        'staleness after recovery': noticesAfter.join(' | ') || '(none)',
        'items expected / stored': `${comparison.expectedItems} / ${comparison.storedItems}`,
        'items lost': comparison.missingItems,
        'items duplicated': comparison.duplicateItems,
        'links lost': comparison.missingLinks,
        'partial pages': partialAfterOutage.length + partial.length,
        'sync jobs failed for good': counts.failed ?? 0,
      });
      expect(workerAlive).toBe(true);
      expect(partialAfterOutage).toEqual([]);
      expect(partial).toEqual([]);
      expect(noticesWhileBehind.some((n) => /^Jira /.test(n))).toBe(true);
      expect(noticesAfter).toEqual([]);
      expect(failedLogged).toBeGreaterThan(0);
      expect(outageWarnings).toBe(1);
      expect(restoredLogged).toBeGreaterThanOrEqual(1);
      expect(retried.length).toBeGreaterThan(0);
      expect(comparison).toMatchObject({ missingItems: 0, extraItems: 0, duplicateItems: 0, missingLinks: 0, duplicateLinks: 0 });
      expect(counts.failed ?? 0).toBe(0);
    } finally {
      await sync.close().catch(() => undefined);
    }
  });

  it('Redis restarted during a failing sync: staleness shows the error, the retry completes once the tracker recovers', { timeout: 2 * SYNC_RETRIES_MS + SLOW_MACHINE_MS }, async () => {
    const fixture = await createSyncFixture('redis-restart', { size: { items: 2000, links: 4000 }, seed: 41 });
    fixtures.push(fixture);
    // Every Jira request fails: the connector's own retries give up and the job fails its attempt.
    fixture.sandbox.jira.setFaults({ error500Every: 1 });
    const worker = startSeams('worker-redis', ['worker'], fixture.env());
    await waitFor(
      async () => ((await syncStates(fixture)).find((s) => s.source === 'jira')?.last_error ? true : false),
      // The connector gives up after its own retries; then the job's attempt records the error.
      connectorRetryMs() + SLOW_MACHINE_MS,
      'the failing Jira sync to record its error',
      250,
    );
    const noticesWhileFailing = await stalenessNow(fixture, 60);
    const lastError = (await syncStates(fixture)).find((s) => s.source === 'jira')?.last_error ?? '';

    const restartedAt = Date.now();
    try {
      stopRedis();
      await sleep(REDIS_OUTAGE_MS);
    } finally {
      await ensureRedis();
    }
    // Redis ran without persistence: the restart emptied it. The worker must reconnect and its
    // schedulers re-create the sync jobs; the tracker is healthy again.
    fixture.sandbox.jira.setFaults({});
    const workerAlive = (): boolean => worker.child.exitCode === null && worker.child.signalCode === null;
    // ioredis retries at most every 2 s: the worker says when it is connected again.
    const reconnected = await worker.waitForOutput(/"msg":"redis connection restored"/, SLOW_MACHINE_MS).then(
      () => true,
      () => false,
    );
    const reconnectedMs = Date.now() - restartedAt;
    const aliveAfterRestart = workerAlive();
    let recovered = false;
    if (aliveAfterRestart) {
      // A scheduled job lost with Redis' memory comes back with the next schedule; a manual run
      // stands in for it here (the interval is 15 minutes).
      const sync = openQueue('sync', fixture.prefix);
      try {
        await sync.queue.add('sync', { sourceName: 'jira', mode: 'incremental', reason: 'manual' });
      } finally {
        await sync.close();
      }
      recovered = await waitFor(
        async () => {
          const jira = (await syncStates(fixture)).find((s) => s.source === 'jira');
          return jira && jira.last_success_at !== null && jira.last_error === null ? true : false;
        },
        SYNC_RETRIES_MS,
        'the Jira sync to succeed after Redis came back',
        500,
      ).then(
        () => true,
        () => false,
      );
    }
    const comparison = await compareWithSandbox(fixture);
    const noticesAfter = await stalenessNow(fixture, 60);
    printSummary('Redis restarted during a failing sync', {
      'jira requests answered 500': fixture.sandbox.jira.stats.faultsInjected,
      'last_error while failing': lastError.slice(0, 80),
      'staleness while failing': noticesWhileFailing.join(' | ') || '(none)',
      'worker survived Redis restart': aliveAfterRestart ? 'yes' : 'no',
      'redis outage warnings logged': countLines(worker.output(), 'redis connection lost'),
      'worker reconnected after restart (ms)': reconnected ? reconnectedMs : 'no',
      'recovered after restart (ms)': recovered ? Date.now() - restartedAt : 'no',
      'staleness after recovery': noticesAfter.join(' | ') || '(none)',
      'items lost': comparison.missingItems,
      'items duplicated': comparison.duplicateItems,
      'links lost': comparison.missingLinks,
    });
    expect(lastError).not.toBe('');
    expect(noticesWhileFailing.some((n) => n.startsWith('Jira') && n.includes('failed'))).toBe(true);
    expect(aliveAfterRestart).toBe(true);
    expect(reconnected).toBe(true);
    expect(countLines(worker.output(), 'redis connection lost')).toBe(1);
    expect(recovered).toBe(true);
    expect(noticesAfter).toEqual([]);
    expect(comparison).toMatchObject({ missingItems: 0, extraItems: 0, duplicateItems: 0, missingLinks: 0, duplicateLinks: 0 });
  });
});
