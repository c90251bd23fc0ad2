/**
 * The pass commits page N while page N+1 is fetched and completed (its changelog follow-up here):
 * one page ahead, commits in order, and a failure on either side keeps what was committed.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStore } from '../../../../services/connectors/connector-types.js';
import { TrackerRequestError } from '../../../../services/connectors/connector-errors.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { BASE_URL, connectorFor, fixture, type SearchBody } from './jira-fixtures.js';

const SCOPE = 'jira-acme/projects:CORE,PAY';
const PAGES = 3;
const PASS_STARTED = new Date('2026-02-12T12:00:00Z');

/** Issue `n`; from page 2 on, its changelog is truncated so the page needs a bulk changelog call. */
function issue(n: number, truncated: boolean) {
  return {
    id: String(30_000 + n),
    key: `PAY-${n}`,
    changelog: { startAt: 0, maxResults: 0, total: truncated ? 30 : 0, histories: [] },
    fields: {
      summary: `Issue ${n}`,
      issuetype: { id: '10001', name: 'Story' },
      status: { id: '10000', name: 'To Do', statusCategory: { key: 'new' } },
      project: { id: '10000', key: 'PAY', name: 'Payments' },
      labels: [],
      issuelinks: [],
      created: '2026-01-01T00:00:00.000+0000',
      updated: `2026-02-0${n}T00:00:00.000+0000`,
    },
  };
}

const idsOf = (page: number) => [String(30_000 + 2 * page - 1), String(30_000 + 2 * page)];

/** Three pages of two issues (tokens t2, t3); every request served is appended to `events`. */
function mockPages(events: string[], { from = 1, failBulkOf = 0, bulkDelayMs = 0 } = {}): nock.Scope {
  let scope = nock(BASE_URL)
    .get('/rest/api/3/field').reply(200, fixture('fields.json'))
    .get('/rest/api/3/status').reply(200, fixture('statuses.json'))
    .get('/rest/api/3/myself').reply(200, fixture('myself.json'));
  for (let p = from; p <= PAGES; p++) {
    scope = scope
      .post('/rest/api/3/search/jql', (b: SearchBody) => (p === 1 ? !b.nextPageToken : b.nextPageToken === `t${p}`))
      .reply(200, () => {
        events.push(`search ${p}`);
        return { issues: [issue(2 * p - 1, p > 1), issue(2 * p, p > 1)], ...(p < PAGES ? { nextPageToken: `t${p + 1}` } : { isLast: true }) };
      });
    if (p === 1) continue;
    const bulk = scope
      .post('/rest/api/3/changelog/bulkfetch', (b: { issueIdsOrKeys?: string[] }) => b.issueIdsOrKeys?.join() === idsOf(p).join())
      .delay(bulkDelayMs);
    scope =
      p === failBulkOf
        ? bulk.reply(400, () => {
            events.push(`bulk ${p} failed`);
            return { errorMessages: ['Bad request'], errors: {} };
          })
        : bulk.reply(200, () => {
            events.push(`bulk ${p}`);
            return { issueChangeLogs: idsOf(p).map((issueId) => ({ issueId, changeHistories: [] })) };
          });
  }
  return scope;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(events: readonly string[], wanted: string, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!events.includes(wanted) && Date.now() < until) await sleep(2);
}

/**
 * A store whose commit of page N holds until `releaseAfter(N)` was served (then a little longer,
 * so a request sent too early would show up), logging its start and end.
 */
function heldStore(inner: MemorySyncStore, events: string[], releaseAfter: (page: number) => string | null, failCommit?: number): SyncStore {
  let page = 0;
  return {
    ...inner,
    async commitPage(sourceName, scope, syncPage, next) {
      const n = ++page;
      events.push(`commit ${n} start`);
      const wanted = releaseAfter(n);
      if (wanted) await waitFor(events, wanted);
      await sleep(30);
      if (n === failCommit) {
        events.push(`commit ${n} failed`);
        throw new Error(`database went away during page ${n}`);
      }
      const counts = await inner.commitPage(sourceName, scope, syncPage, next);
      events.push(`commit ${n} end`);
      return counts;
    },
  };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Jira sync pass: pipelined pages', () => {
  it('prepares page N+1 (search and changelog follow-up) while page N commits, never further ahead', async () => {
    const events: string[] = [];
    const inner = createMemorySyncStore();
    const api = mockPages(events);
    const store = heldStore(inner, events, (n) => (n < PAGES ? `bulk ${n + 1}` : null));

    const summary = await connectorFor(store).sync({ mode: 'full' });

    expect(api.isDone()).toBe(true);
    expect(events).toEqual([
      'search 1',
      'commit 1 start',
      'search 2',
      'bulk 2',
      'commit 1 end',
      'commit 2 start',
      'search 3',
      'bulk 3',
      'commit 2 end',
      'commit 3 start',
      'commit 3 end',
    ]);
    expect(summary).toMatchObject({ pages: 3, items: 6 });
    expect([...inner.items.values()].map((i) => i.key)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PAY-6']);
    expect(inner.cursors.get(SCOPE)).toEqual({ updatedSince: new Date('2026-02-06T00:00:00Z'), pageToken: null, passStartedAt: null });
  });

  it('a failure while preparing page N+1 keeps page N and its cursor; the next sync resumes there', async () => {
    const events: string[] = [];
    const inner = createMemorySyncStore();
    mockPages(events, { failBulkOf: 2 });
    const store = heldStore(inner, events, (n) => (n === 1 ? 'bulk 2 failed' : null));

    const failure = await connectorFor(store).sync({ mode: 'full' }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TrackerRequestError);
    expect(events).toEqual(['search 1', 'commit 1 start', 'search 2', 'bulk 2 failed', 'commit 1 end']);
    expect([...inner.items.values()].map((i) => i.key)).toEqual(['PAY-1', 'PAY-2']);
    expect(inner.cursors.get(SCOPE)).toEqual({ updatedSince: null, pageToken: 't2', passStartedAt: PASS_STARTED });
    expect(inner.results.at(-1)).toMatchObject({ ok: false });

    nock.cleanAll();
    const resumed: string[] = [];
    const api = mockPages(resumed, { from: 2 });
    const summary = await connectorFor(inner).sync({ mode: 'incremental' });
    expect(api.isDone()).toBe(true);
    expect(resumed).toEqual(['search 2', 'bulk 2', 'search 3', 'bulk 3']);
    expect(summary).toMatchObject({ pages: 2, items: 4 });
    expect(inner.items.size).toBe(6);
    expect(inner.cursors.get(SCOPE)?.pageToken).toBeNull();
  });

  it('a failed commit is reported only after the page being prepared has settled, and stores nothing', async () => {
    const events: string[] = [];
    const inner = createMemorySyncStore();
    mockPages(events, { bulkDelayMs: 150 });
    const store = heldStore(inner, events, () => 'search 2', 1);

    const startedAt = Date.now();
    const failure = await connectorFor(store).sync({ mode: 'full' }).catch((error: unknown) => error);
    const elapsedMs = Date.now() - startedAt;

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('database went away during page 1');
    expect(events).toEqual(['search 1', 'commit 1 start', 'search 2', 'bulk 2', 'commit 1 failed']);
    // Page 2's changelog answer takes 150 ms; the commit failed well before that, and the sync
    // still waited for it rather than leave a request of the pass running.
    expect(elapsedMs).toBeGreaterThanOrEqual(150);
    expect(inner.items.size).toBe(0);
    expect(inner.cursors.get(SCOPE)).toBeUndefined();
  });
});
