/**
 * The Linear sync stores page N while page N+1 is fetched, its follow-up queries included, and
 * normalized: one page ahead, commits in order, and a failure on either side keeps what was stored.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStore } from '../../../../services/connectors/connector-types.js';
import { createLinearConnector } from '../../../../services/connectors/linear/linear-connector.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { API, API_KEY, fakeTiming, JSON_HEADERS, operation } from './linear-test-kit.js';

const PAGES = 3;
const SCOPE = 'linear/teams:MOB';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Issue `n`; the first issue of pages 2 and 3 carries more labels than the page query keeps. */
function issueNode(n: number, manyLabels: boolean): Record<string, unknown> {
  const empty = { nodes: [] };
  return {
    id: uuid(n),
    identifier: `MOB-${n}`,
    url: `https://linear.app/acme/issue/MOB-${n}`,
    title: `Issue ${n}`,
    estimate: 1,
    dueDate: null,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: new Date(Date.parse('2026-05-20T00:00:00.000Z') + n * 60_000).toISOString(),
    startedAt: null,
    completedAt: null,
    canceledAt: null,
    archivedAt: null,
    trashed: null,
    state: { name: 'Todo', type: 'unstarted' },
    team: { id: 'team-mob', key: 'MOB', name: 'Mobile' },
    assignee: null,
    project: null,
    parent: null,
    labels: { nodes: manyLabels ? ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })) : [] },
    relations: empty,
    inverseRelations: empty,
    attachments: empty,
    stateHistory: empty,
    children: empty,
  };
}

/** Pages of two issues; every request served is appended to `events`. */
function mockPages(events: string[], { from = 1, failPage = 0, labelsDelayMs = 0 } = {}): nock.Scope {
  const scope = nock(API);
  for (let p = from; p <= PAGES; p++) {
    const nodes = [issueNode(2 * p - 1, p > 1), issueNode(2 * p, false)];
    const page = scope.post('/graphql', operation('SeamsIssuesPage', (v) => v.after === (p === 1 ? null : `cursor-${p - 1}`)));
    if (p === failPage) {
      page.reply(400, () => {
        events.push(`page ${p} failed`);
        return { errors: [{ message: 'Argument Validation Error', extensions: { code: 'INVALID_INPUT' } }] };
      }, JSON_HEADERS);
      continue;
    }
    page.reply(200, () => {
      events.push(`page ${p}`);
      return { data: { issues: { pageInfo: { hasNextPage: p < PAGES, endCursor: `cursor-${p}` }, nodes } } };
    }, JSON_HEADERS);
    if (p === 1) continue;
    scope
      .post('/graphql', operation('SeamsIssueLabels', (v) => v.id === uuid(2 * p - 1)))
      .delay(labelsDelayMs)
      .reply(200, () => {
        events.push(`labels ${p}`);
        const labels = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name }));
        return { data: { issue: { labels: { nodes: labels, pageInfo: { hasNextPage: false, endCursor: null } } } } };
      }, JSON_HEADERS);
  }
  return scope;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(events: readonly string[], wanted: string, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!events.includes(wanted) && Date.now() < until) await sleep(2);
}

/** Commit N holds until `releaseAfter(N)` was served, then 30 ms more so an early request would show. */
function heldStore(inner: MemorySyncStore, events: string[], releaseAfter: (page: number) => string | null, failCommit = 0): SyncStore {
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

const connectorFor = (store: SyncStore) =>
  createLinearConnector({ source: { name: 'linear', apiKey: API_KEY }, options: { teams: ['MOB'] }, store, timing: fakeTiming(), retryPolicy: { maxAttempts: 1 } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Linear sync: pipelined pages', () => {
  it('prepares page N+1 (page query and follow-ups) while page N is stored, never further ahead', async () => {
    const events: string[] = [];
    const inner = createMemorySyncStore();
    const api = mockPages(events);

    const summary = await connectorFor(heldStore(inner, events, (n) => (n < PAGES ? `labels ${n + 1}` : null))).sync({ mode: 'full' });

    expect(api.isDone()).toBe(true);
    expect(events).toEqual([
      'page 1',
      'commit 1 start',
      'page 2',
      'labels 2',
      'commit 1 end',
      'commit 2 start',
      'page 3',
      'labels 3',
      'commit 2 end',
      'commit 3 start',
      'commit 3 end',
    ]);
    expect(summary).toMatchObject({ pages: 3, items: 6, requests: 5 });
    expect([...inner.items.values()].map((i) => i.key)).toEqual(['MOB-1', 'MOB-2', 'MOB-3', 'MOB-4', 'MOB-5', 'MOB-6']);
    // The follow-up's six labels replaced the truncated five.
    expect(inner.items.get(`linear:${uuid(3)}`)?.labels).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(inner.cursors.get(SCOPE)).toEqual({ updatedSince: new Date('2026-05-22T12:00:00.000Z'), pageToken: null, passStartedAt: null });
  });

  it('a failure while preparing page N+1 keeps page N and its cursor; the next sync resumes there', async () => {
    const events: string[] = [];
    const inner = createMemorySyncStore();
    mockPages(events, { failPage: 2 });

    const failure = await connectorFor(heldStore(inner, events, (n) => (n === 1 ? 'page 2 failed' : null))).sync({ mode: 'full' }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(Error);
    expect(events).toEqual(['page 1', 'commit 1 start', 'page 2 failed', 'commit 1 end']);
    expect([...inner.items.values()].map((i) => i.key)).toEqual(['MOB-1', 'MOB-2']);
    expect(inner.cursors.get(SCOPE)).toMatchObject({ updatedSince: null, pageToken: 'cursor-1' });
    expect(inner.results.at(-1)).toMatchObject({ ok: false });

    nock.cleanAll();
    const resumed: string[] = [];
    const api = mockPages(resumed, { from: 2 });
    const summary = await connectorFor(inner).sync({ mode: 'incremental' });
    expect(api.isDone()).toBe(true);
    expect(resumed).toEqual(['page 2', 'labels 2', 'page 3', 'labels 3']);
    expect(summary).toMatchObject({ pages: 2, items: 4 });
    expect(inner.items.size).toBe(6);
    expect(inner.cursors.get(SCOPE)?.pageToken).toBeNull();
  });

  it('a failed commit is reported only after the page being prepared has settled, and stores nothing', async () => {
    const events: string[] = [];
    const inner = createMemorySyncStore();
    mockPages(events, { labelsDelayMs: 150 });

    const startedAt = Date.now();
    const failure = await connectorFor(heldStore(inner, events, () => 'page 2', 1)).sync({ mode: 'full' }).catch((e: unknown) => e);
    const elapsedMs = Date.now() - startedAt;

    expect((failure as Error).message).toBe('database went away during page 1');
    expect(events).toEqual(['page 1', 'commit 1 start', 'page 2', 'labels 2', 'commit 1 failed']);
    // Page 2's follow-up answer takes 150 ms: the sync waited for it instead of leaving it running.
    expect(elapsedMs).toBeGreaterThanOrEqual(150);
    expect(inner.items.size).toBe(0);
    expect(inner.cursors.get(SCOPE)).toBeUndefined();
  });
});
