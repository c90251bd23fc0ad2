import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { BASE_URL, connectorFor, fixture, type SearchBody } from './jira-fixtures.js';

const SCOPE = 'jira-acme/projects:CORE,PAY';

/** A minimal issue in the search response shape; `n` orders `updated`. */
function issue(n: number) {
  return {
    id: String(20_000 + n),
    key: `PAY-${n}`,
    self: `${BASE_URL}/rest/api/3/issue/${20_000 + n}`,
    changelog: { startAt: 0, maxResults: 0, total: 0, histories: [] },
    fields: {
      summary: `Issue ${n}`,
      issuetype: { id: '10001', name: 'Story' },
      status: { id: '10000', name: 'To Do', statusCategory: { key: 'new' } },
      project: { id: '10000', key: 'PAY', name: 'Payments' },
      labels: [],
      issuelinks: n > 1 ? [{ id: String(n), type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { id: String(20_000 + n - 1), key: `PAY-${n - 1}` } }] : [],
      created: '2026-01-01T00:00:00.000+0000',
      updated: `2026-02-0${n}T00:00:00.000+0000`,
    },
  };
}

/** Four pages of two issues; tokens t2..t4. */
function mockPages(scope: nock.Scope, pages: readonly number[], seen: string[]): nock.Scope {
  for (const p of pages) {
    scope = scope
      .post('/rest/api/3/search/jql', (b: SearchBody) => (p === 1 ? !b.nextPageToken : b.nextPageToken === `t${p}`))
      .reply(200, () => {
        seen.push(`page${p}`);
        return { issues: [issue(2 * p - 1), issue(2 * p)], ...(p < 4 ? { nextPageToken: `t${p + 1}` } : { isLast: true }) };
      });
  }
  return scope;
}

function metadata(): nock.Scope {
  return nock(BASE_URL)
    .get('/rest/api/3/field').reply(200, fixture('fields.json'))
    .get('/rest/api/3/status').reply(200, fixture('statuses.json'))
    .get('/rest/api/3/myself').reply(200, fixture('myself.json'));
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Jira connector: crash and resume', () => {
  it('resumes from the stored page token: every item committed exactly once, cursor consistent', async () => {
    const store = createMemorySyncStore();
    const committed: string[] = [];
    let commitNo = 0;
    store.beforeCommit = (page) => {
      commitNo++;
      if (commitNo === 3) throw new Error('simulated crash on page 3');
      committed.push(...page.items.map((i) => i.key));
    };
    const seen: string[] = [];
    mockPages(metadata(), [1, 2, 3, 4], seen);
    await expect(connectorFor(store).sync({ mode: 'full' })).rejects.toThrow('simulated crash on page 3');
    expect(store.cursors.get(SCOPE)).toEqual({ updatedSince: null, pageToken: 't3', passStartedAt: new Date('2026-02-12T12:00:00Z') });
    expect(store.results.at(-1)).toMatchObject({ ok: false, error: 'simulated crash on page 3' });
    nock.cleanAll();

    const resumedSeen: string[] = [];
    const api = mockPages(metadata(), [3, 4], resumedSeen);
    const summary = await connectorFor(store, { now: () => new Date('2026-02-12T13:00:00Z') }).sync({ mode: 'incremental' });
    expect(api.isDone()).toBe(true);
    expect(resumedSeen).toEqual(['page3', 'page4']);
    expect(committed).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5', 'PAY-6', 'PAY-7', 'PAY-8']);
    expect(summary.pages).toBe(2);
    expect(store.items.size).toBe(8);
    expect(store.links.size).toBe(7);
    // The pass ends at the newest `updated` it stored.
    expect(store.cursors.get(SCOPE)).toEqual({ updatedSince: new Date('2026-02-08T00:00:00Z'), pageToken: null, passStartedAt: null });
  });

  it('restarts the pass when the stored page token is rejected', async () => {
    const store = createMemorySyncStore();
    store.cursors.set(SCOPE, { updatedSince: null, pageToken: 'expired', passStartedAt: new Date('2026-01-01T00:00:00Z') });
    const seen: string[] = [];
    const api = mockPages(
      metadata()
        .post('/rest/api/3/search/jql', (b: SearchBody) => b.nextPageToken === 'expired')
        .reply(400, { errorMessages: ['The provided next page token is invalid or expired.'], errors: {} }),
      [1, 2, 3, 4],
      seen,
    );
    const summary = await connectorFor(store).sync({ mode: 'incremental' });
    expect(api.isDone()).toBe(true);
    expect(summary.items).toBe(8);
    expect(store.cursors.get(SCOPE)?.pageToken).toBeNull();
  });

  it('a targeted refresh of keys leaves the cursor untouched', async () => {
    const store = createMemorySyncStore();
    const cursor = { updatedSince: new Date('2026-02-01T00:00:00Z'), pageToken: null, passStartedAt: null };
    store.cursors.set(SCOPE, cursor);
    let jql = '';
    metadata()
      .post('/rest/api/3/search/jql', (b: SearchBody) => { jql = b.jql; return true; })
      .reply(200, { issues: [issue(5)], isLast: true });
    const summary = await connectorFor(store).sync({ mode: 'incremental', itemKeys: ['PAY-5'] });
    expect(jql).toBe('project in ("PAY", "CORE") AND issuekey in ("PAY-5") ORDER BY updated ASC, id ASC');
    expect(summary).toMatchObject({ mode: 'keys', items: 1 });
    expect(store.cursors.get(SCOPE)).toEqual(cursor);
  });

  it('a targeted refresh naming a deleted issue retries with the keys that still exist', async () => {
    const store = createMemorySyncStore();
    const jqls: string[] = [];
    metadata()
      // Jira rejects the whole query for one unknown key…
      .post('/rest/api/3/search/jql', (b: SearchBody) => { jqls.push(b.jql); return true; })
      .reply(400, { errorMessages: ["An issue with key 'PAY-99' does not exist for field 'issuekey'."], errors: {} })
      // …so each key is looked up (PAY-5 now lives under CORE-7 after a move)…
      .get('/rest/api/3/issue/PAY-5').query({ fields: 'project' })
      .reply(200, { id: '10005', key: 'CORE-7', fields: { project: { id: '10001', key: 'CORE' } } })
      .get('/rest/api/3/issue/PAY-99').query({ fields: 'project' })
      .reply(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} })
      // …and the search is retried with the live ones.
      .post('/rest/api/3/search/jql', (b: SearchBody) => { jqls.push(b.jql); return true; })
      .reply(200, { issues: [issue(5)], isLast: true });
    const summary = await connectorFor(store).sync({ mode: 'incremental', itemKeys: ['PAY-5', 'PAY-99'] });
    expect(jqls).toEqual([
      'project in ("PAY", "CORE") AND issuekey in ("PAY-5", "PAY-99") ORDER BY updated ASC, id ASC',
      'project in ("PAY", "CORE") AND issuekey in ("CORE-7") ORDER BY updated ASC, id ASC',
    ]);
    expect(summary).toMatchObject({ mode: 'keys', items: 1 });
  });
});

describe('Jira connector: reconciliation', () => {
  it('marks vanished issues deleted (404) or out of scope (moved elsewhere)', async () => {
    const store = createMemorySyncStore();
    const item = (id: string) => ({
      externalId: id, key: `PAY-${id}`, url: '', title: id, type: null, status: null, statusCategory: 'todo' as const,
      teamExternalId: null, assignee: null, estimate: null, dueDate: null, labels: [], epic: null, project: 'PAY',
      createdAt: new Date(0), startedAt: null, completedAt: null, sourceUpdatedAt: new Date(0), deleted: false, raw: null,
    });
    await store.commitPage('jira-acme', 'projects:CORE,PAY', { items: ['10001', '10002', '10003', '10004'].map(item), links: [], transitions: [], teams: [], replaceLinksFor: [] }, { updatedSince: null, pageToken: null, passStartedAt: null });
    let body: SearchBody | undefined;
    const api = nock(BASE_URL)
      .post('/rest/api/3/search/jql', (b: SearchBody) => { body = b; return true; })
      .reply(200, { issues: [{ id: '10001' }, { id: '10003' }], isLast: true })
      .get('/rest/api/3/issue/10002').query({ fields: 'project' })
      .reply(200, { id: '10002', key: 'OPS-4', fields: { project: { id: '10500', key: 'OPS', name: 'Operations' } } })
      .get('/rest/api/3/issue/10004').query({ fields: 'project' })
      .reply(404, fixture('error-404.json'));
    const summary = await connectorFor(store).reconcile();
    expect(api.isDone()).toBe(true);
    expect(body).toMatchObject({ fields: ['id'], maxResults: 5000 });
    expect(summary).toMatchObject({ live: 2, stored: 4, deleted: 1, outOfScope: 1, requests: 3 });
    expect(store.deletedReasons.get('jira-acme:10002')).toBe('out_of_scope');
    expect(store.deletedReasons.get('jira-acme:10004')).toBe('deleted');
    expect(store.items.get('jira-acme:10001')?.deleted).toBe(false);
  });
});
