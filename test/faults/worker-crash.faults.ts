/**
 * kill -9 of `seams worker` in the middle of a 5,000-item / 10,000-link sync, then a restart:
 * BullMQ's stalled-job check hands the job to the new worker, the sync resumes from the last
 * committed page, and every item and link ends up stored exactly once. The waits follow the
 * worker's lock settings (recovery-budget.ts); the test prints how long the takeover took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCounts, openQueue, partialPageGroups } from './checks.js';
import { findSecrets, printSummary, startSeams, startedProcesses, stopAll, SUITE_SECRETS, waitFor } from './faults-kit.js';
import { SLOW_MACHINE_MS, takeoverMs, WORKER_SETTINGS } from './recovery-budget.js';
import { compareWithSandbox, createSyncFixture, syncStates, type SyncFixture } from './sync-fixture.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const JIRA_PAGE = 100;
const LINEAR_PAGE = 80;

describe('worker killed mid-sync', () => {
  let fixture: SyncFixture;
  beforeAll(async () => {
    fixture = await createSyncFixture('crash', { size: { items: 5000, links: 10_000 }, seed: 21 });
  });
  afterAll(async () => {
    await stopAll();
    await fixture?.close();
  });

  it('recovers the stalled job and stores every item and link exactly once', async () => {
    // Slow trackers stretch the ~3 s sync to ~15 s so the kill lands in the middle of it.
    fixture.sandbox.jira.setFaults({ delayMs: 200 });
    fixture.sandbox.linear.setFaults({ delayMs: 200 });
    const sync = openQueue('sync', fixture.prefix);
    try {
      const first = startSeams('worker-1', ['worker'], fixture.env());
      const midway = await waitFor(
        async () => {
          const states = await syncStates(fixture);
          const jira = states.find((s) => s.source === 'jira');
          return jira && jira.page_token !== null && Number(jira.items_synced) >= 800 ? states : false;
        },
        SLOW_MACHINE_MS,
        'the Jira sync to be a few pages in',
        100,
      );
      const active = await sync.queue.getActive();
      await first.kill9();
      const killedAt = Date.now();
      const atKill = await syncStates(fixture);
      const storedAtKill = await fixture.query<{ source: string; n: string }>(
        `select s.name as source, count(*) as n from work_items w join sources s on s.id = w.source_id where not placeholder group by 1`,
      );
      expect(active.length).toBeGreaterThan(0);
      // What the cursor covers is exactly what is stored: the page being fetched at the kill left nothing behind.
      for (const state of atKill) {
        expect(Number(storedAtKill.find((r) => r.source === state.source)?.n ?? 0)).toBe(Number(state.items_synced));
      }

      fixture.sandbox.jira.setFaults({});
      fixture.sandbox.linear.setFaults({});
      const second = startSeams('worker-2', ['worker'], fixture.env());
      const activeIds = active.map((j) => j.id!);
      const deadlineMs = takeoverMs() + SLOW_MACHINE_MS;
      // Taken over = the new worker starts the killed job again (its log carries the job id).
      await Promise.all(
        activeIds.map((id) => second.waitForOutput(new RegExp(`"jobId":"${escapeRegExp(id)}"[^\n]*"msg":"sync started"`), deadlineMs)),
      );
      const takeoverTookMs = Date.now() - killedAt;
      await waitFor(
        async () => {
          const states = await Promise.all(activeIds.map((id) => sync.queue.getJobState(id)));
          return states.every((s) => s === 'completed') ? true : false;
        },
        deadlineMs,
        'the killed jobs to complete on the new worker',
        500,
      );
      const recoveredMs = Date.now() - killedAt;
      const states = await syncStates(fixture);
      await waitFor(async () => ((await syncStates(fixture)).every((s) => s.last_success_at !== null) ? true : false), deadlineMs, 'both sources to finish');

      const comparison = await compareWithSandbox(fixture);
      const counts = await jobCounts(sync.queue);
      const partial = [...(await partialPageGroups(fixture, 'jira', JIRA_PAGE)), ...(await partialPageGroups(fixture, 'linear', LINEAR_PAGE))];
      const stalledLogged = /job stalled/.test(second.output());
      printSummary('kill -9 worker mid-sync (5,000 items / 10,000 links)', {
        'jira items stored at kill': Number(midway.find((s) => s.source === 'jira')?.items_synced ?? 0),
        'jobs active at kill': active.length,
        'worker settings (lock / stalled check / source lock, s)': `${WORKER_SETTINGS.jobLockSeconds} / ${WORKER_SETTINGS.stalledCheckSeconds} / ${WORKER_SETTINGS.sourceLockSeconds}`,
        'takeover bound from settings (ms)': takeoverMs(),
        'kill to job restarted on new worker (ms)': takeoverTookMs,
        'recovery to completion (ms)': recoveredMs,
        'stalled job re-queued (logged)': stalledLogged ? 'yes' : 'no',
        'items expected / stored': `${comparison.expectedItems} / ${comparison.storedItems}`,
        'items lost': comparison.missingItems,
        'items duplicated': comparison.duplicateItems,
        'links expected': comparison.expectedLinks,
        'links lost': comparison.missingLinks,
        'links duplicated': comparison.duplicateLinks,
        'partial pages': partial.length,
        'sync jobs failed': counts.failed ?? 0,
        'tracker requests (jira / linear)': `${fixture.sandbox.jira.stats.total} / ${fixture.sandbox.linear.stats.requests}`,
      });

      expect(comparison).toMatchObject({ missingItems: 0, extraItems: 0, duplicateItems: 0, missingLinks: 0, duplicateLinks: 0 });
      expect(comparison.storedItems).toBe(comparison.expectedItems);
      expect(partial).toEqual([]);
      expect(counts.failed ?? 0).toBe(0);
      expect(stalledLogged).toBe(true);
      for (const state of states) {
        expect(state.page_token).toBeNull();
        expect(state.updated_since).not.toBeNull();
        expect(state.last_error).toBeNull();
      }
      const leaks = findSecrets(Object.fromEntries(startedProcesses().map((p) => [p.name, p.output()])), {
        ...SUITE_SECRETS,
        ...fixture.sandbox.env,
      });
      expect(leaks).toEqual([]);
    } finally {
      await sync.close();
    }
  });
});
