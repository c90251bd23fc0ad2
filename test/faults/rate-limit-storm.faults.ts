/**
 * 429 storms and 500s from the sandbox trackers against `seams sync` processes: Retry-After is
 * honoured (no request reaches Jira while a pause it asked for runs), each injected fault costs
 * exactly one extra request (no stampede), and the sync still stores everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets, printSummary, startSeams, startedProcesses, stopAll, SUITE_SECRETS, writeConfig } from './faults-kit.js';
import { startHostileJiraProxy, type HostileProxy } from './hostile-proxy.js';
import { compareWithSandbox, createSyncFixture, type SyncFixture } from './sync-fixture.js';

const RETRY_AFTER_S = 2;

async function sync(name: string, source: string, env: Record<string, string>): Promise<{ code: number | string; requests: number; waits: number; ms: number }> {
  const started = Date.now();
  const proc = startSeams(name, ['sync', '--source', source, '--full'], env);
  const code = await proc.exited;
  const summary = /Synced \S+: .*?requests=(\d+)/.exec(proc.output());
  const waits = /rateLimitWaits=(\d+)/.exec(proc.output());
  return { code, requests: Number(summary?.[1] ?? -1), waits: Number(waits?.[1] ?? -1), ms: Date.now() - started };
}

describe('429 storms and 500s from the trackers', () => {
  let fixture: SyncFixture;
  let proxy: HostileProxy;
  let env: Record<string, string>;
  beforeAll(async () => {
    fixture = await createSyncFixture('storm', { size: { items: 2000, links: 4000 }, seed: 61 });
    // A recording proxy in front of Jira: arrival times of requests and times of the 429s.
    proxy = await startHostileJiraProxy(fixture.sandbox.jira.url, { poison: false });
    const document = structuredClone(fixture.sandbox.configDocument) as { sources: Record<string, unknown>[] };
    document.sources = document.sources.map((s) => (s.kind === 'jira' ? { ...s, baseUrl: proxy.url } : s));
    env = fixture.env({ SEAMS_CONFIG: writeConfig(fixture.dir, document) });
  });
  afterAll(async () => {
    await stopAll();
    await proxy?.close();
    await fixture?.close();
  });

  it('honours Retry-After, adds one request per fault and syncs everything', async () => {
    const cleanJira = await sync('sync-jira-clean', 'jira', env);
    const cleanLinear = await sync('sync-linear-clean', 'linear', env);
    const cleanExchanges = proxy.exchanges.length;

    fixture.sandbox.jira.resetStats();
    const linearBefore = fixture.sandbox.linear.stats;
    fixture.sandbox.jira.setFaults({ rate429Every: 4, retryAfterSeconds: RETRY_AFTER_S, error500Every: 7 });
    fixture.sandbox.linear.setFaults({ rateLimitedEvery: 4, retryAfterSeconds: 1, error500Every: 7 });
    const stormJira = await sync('sync-jira-storm', 'jira', env);
    const stormLinear = await sync('sync-linear-storm', 'linear', env);
    fixture.sandbox.jira.setFaults({});
    fixture.sandbox.linear.setFaults({});

    const jiraStats = fixture.sandbox.jira.stats;
    const linearStats = fixture.sandbox.linear.stats;
    const linearRequests = linearStats.requests - linearBefore.requests;
    const linearFaults = linearStats.faultsInjected - linearBefore.faultsInjected;

    // Requests that reached Jira while a pause it asked for was running (50 ms for in-flight ones).
    const storm = proxy.exchanges.slice(cleanExchanges);
    const limited = storm.filter((e) => e.status === 429);
    let duringPause = 0;
    for (const answer of limited) {
      const pauseEnd = answer.answeredAt + (answer.retryAfterSeconds ?? 0) * 1000;
      duringPause += storm.filter((e) => e.arrivedAt > answer.answeredAt + 50 && e.arrivedAt < pauseEnd - 50).length;
    }
    const gaps = limited.map((answer) => {
      const next = storm.find((e) => e.arrivedAt > answer.answeredAt + 50);
      return next ? next.arrivedAt - answer.answeredAt : Number.NaN;
    }).filter((g) => !Number.isNaN(g));
    const comparison = await compareWithSandbox(fixture);

    printSummary('429 storm + 500s (2,000 items)', {
      'jira requests clean / storm': `${cleanJira.requests} / ${jiraStats.total}`,
      'jira faults injected (429 + 500)': jiraStats.faultsInjected,
      'jira extra requests per fault': ((jiraStats.total - cleanJira.requests) / Math.max(1, jiraStats.faultsInjected)).toFixed(2),
      'jira 429s / rate-limit waits': `${limited.length} / ${stormJira.waits}`,
      'requests sent during a Retry-After pause': duringPause,
      'shortest gap after a 429 (ms)': Math.round(Math.min(...gaps)),
      'jira sync time clean / storm (ms)': `${cleanJira.ms} / ${stormJira.ms}`,
      'linear requests clean / storm': `${cleanLinear.requests} / ${linearRequests}`,
      'linear faults injected': linearFaults,
      'linear sync time clean / storm (ms)': `${cleanLinear.ms} / ${stormLinear.ms}`,
      'items lost': comparison.missingItems,
      'items duplicated': comparison.duplicateItems,
      'links lost': comparison.missingLinks,
    });

    expect([cleanJira.code, cleanLinear.code, stormJira.code, stormLinear.code]).toEqual([0, 0, 0, 0]);
    expect(limited.length).toBeGreaterThan(3);
    expect(duringPause).toBe(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    // No stampede: every failed request is retried once, nothing more.
    expect(jiraStats.total).toBe(cleanJira.requests + jiraStats.faultsInjected);
    expect(linearFaults).toBeGreaterThan(0);
    expect(linearRequests).toBe(cleanLinear.requests + linearFaults);
    expect(comparison).toMatchObject({ missingItems: 0, extraItems: 0, duplicateItems: 0, missingLinks: 0, duplicateLinks: 0 });
    const leaks = findSecrets(Object.fromEntries(startedProcesses().map((p) => [p.name, p.output()])), { ...SUITE_SECRETS, ...fixture.sandbox.env });
    expect(leaks).toEqual([]);
  });
});
