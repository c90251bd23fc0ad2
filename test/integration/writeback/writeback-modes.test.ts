/**
 * Write-back modes and failures against the sandbox trackers. The database side of write-back
 * runs on both dialects in writeback-sandbox.test.ts; these tests are about what reaches the
 * trackers, so they use PostgreSQL only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadReportInputs } from '../../../services/rebuild/load-report-inputs.js';
import { createDashboardRenderer } from '../../../services/reports/render-dashboard.js';
import { buildTpmReportView } from '../../../services/reports/tpm-report-view-model.js';
import { PUBLIC_URL, writebackWorld, type WritebackWorld } from './writeback-kit.js';

const WRITE_ROUTE = /^(POST|PUT|DELETE) /;
const noWrites = { commentsCreated: 0, commentsUpdated: 0, rejected: 0 };

describe('write-back modes and failures', () => {
  let w: WritebackWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  const reportInputs = async (world: WritebackWorld) =>
    (await loadReportInputs({ db: world.t.db, programs: world.file.programs, publicUrl: PUBLIC_URL }, 'launch'))!;

  it('off: a rebuild sends no request at all to either tracker and stores nothing', async () => {
    w = await writebackWorld('postgres', 'off');
    const jiraBefore = w.sandbox.jira.stats.total;
    const linearBefore = w.sandbox.linear.stats.requests;
    const result = await w.rebuild();
    expect(result.writeBack).toBeUndefined();
    expect(w.sandbox.jira.stats.total).toBe(jiraBefore);
    expect(w.sandbox.linear.stats.requests).toBe(linearBefore);
    expect(w.sandbox.jira.writes.stats).toEqual({ ...noWrites, issueEdits: 0 });
    expect(await w.t.db.selectFrom('writeback_items').select('id').execute()).toEqual([]);
    expect(await w.t.db.selectFrom('writeback_runs').select('id').execute()).toEqual([]);
  });

  it('dry-run: writes nothing, and the dashboard lists exactly what it would write', async () => {
    w = await writebackWorld('postgres', 'dry-run');
    w.sandbox.jira.resetStats();
    const linearBefore = w.sandbox.linear.stats.requests;
    const result = await w.rebuild();
    expect(result.writeBack).toMatchObject({ mode: 'dry-run', created: 0, updated: 0, requests: 0, failed: 0 });
    expect(result.writeBack!.planned).toBeGreaterThan(0);
    expect(Object.keys(w.sandbox.jira.stats.byRoute).filter((r) => WRITE_ROUTE.test(r))).toEqual([]);
    expect(w.sandbox.jira.stats.total).toBe(0);
    expect(w.sandbox.linear.stats.requests).toBe(linearBefore);
    expect(w.sandbox.linear.writes.stats).toMatchObject(noWrites);
    expect(await w.t.db.selectFrom('writeback_items').select('id').execute()).toEqual([]);

    const inputs = await reportInputs(w);
    expect(inputs.writeBack?.mode).toBe('dry-run');
    const planned = inputs.writeBack!.planned;
    expect(planned.filter((p) => p.action === 'create')).toHaveLength(planned.filter((p) => p.action === 'label-add').length);
    const html = await createDashboardRenderer().program(inputs, { basePath: '' });
    expect(html).toContain('Dry run at');
    expect(html).toContain(`<td>${planned[0]!.key}</td>`);
    expect(html).toContain('this item is on the critical path');

    // A second dry run plans the same writes: nothing was recorded as written.
    expect((await w.rebuild()).writeBack!.planned).toBe(result.writeBack!.planned);
  });

  it('a denied write never fails the rebuild: it is counted, shown as a data-quality note and retried next time', async () => {
    w = await writebackWorld('postgres', 'on');
    w.sandbox.jira.writes.denyWrites(403);
    w.sandbox.linear.writes.denyWrites(true);
    const denied = await w.rebuild();
    expect(denied.colour).toMatch(/green|yellow|red/);
    expect(denied.writeBack).toMatchObject({ created: 0, updated: 0 });
    expect(denied.writeBack!.failed).toBeGreaterThan(0);
    const notes = buildTpmReportView(await reportInputs(w)).staleness.map((n) => n.message);
    expect(notes.find((m) => m.startsWith('Write-back to Jira (jira)'))).toMatch(/writes? failed.*403.*write:jira-work/);
    expect(notes.find((m) => m.startsWith('Write-back to Linear (linear)'))).toMatch(/Invalid scope.*write access/);

    w.sandbox.jira.writes.denyWrites(null);
    w.sandbox.linear.writes.denyWrites(false);
    const retried = await w.rebuild();
    expect(retried.writeBack!.failed).toBe(0);
    expect(retried.writeBack!.created).toBeGreaterThan(0);
    expect(buildTpmReportView(await reportInputs(w)).staleness.filter((n) => n.message.startsWith('Write-back'))).toEqual([]);
  });

  it('rides out 429s with Retry-After and 5xx answers through the connectors’ retry handling', async () => {
    // The sandboxes fail every n-th request they receive. Writes run concurrently, so under load
    // one request can draw Linear's every-third 500 five times running, (1/3)^5 per request:
    // the default five attempts then give up, as designed. Twelve attempts keep this test about
    // the retry handling, not about that draw.
    w = await writebackWorld('postgres', 'on', { maxAttempts: 12 });
    w.sandbox.jira.setFaults({ rate429Every: 4, retryAfterSeconds: 1, error500Every: 7 });
    w.sandbox.linear.setFaults({ error500Every: 3, rateLimitedEvery: 5, retryAfterSeconds: 1 });
    const result = await w.rebuild();
    expect(result.writeBack!.failed).toBe(0);
    expect(result.writeBack!.created).toBeGreaterThan(0);
    expect(w.sandbox.jira.stats.faultsInjected).toBeGreaterThan(0);
    expect(w.sandbox.linear.stats.faultsInjected).toBeGreaterThan(0);
    expect(result.writeBack!.requests).toBeGreaterThan(result.writeBack!.created + result.writeBack!.labelsAdded);
    w.sandbox.jira.setFaults({});
    w.sandbox.linear.setFaults({});
    expect((await w.rebuild()).writeBack).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });
});
