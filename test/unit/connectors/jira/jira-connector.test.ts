import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { TrackerAuthError } from '../../../../services/connectors/connector-errors.js';
import { API_TOKEN, BASE_URL, connectorFor, fixture, type SearchBody } from './jira-fixtures.js';

type Json = Record<string, any>;

function metadataMocks(scope: nock.Scope): nock.Scope {
  return scope
    .get('/rest/api/3/field').reply(200, fixture('fields.json'))
    .get('/rest/api/3/status').reply(200, fixture('statuses.json'))
    .get('/rest/api/3/myself').reply(200, fixture('myself.json'));
}

function pageOneWithHugeDescription(): Json {
  const page = fixture<Json>('search-page-1.json');
  page.issues[2].fields.description.content[0].content[0].text = 'x'.repeat(70_000);
  return page;
}

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Jira connector: full sync against recorded payloads', () => {
  it('stores every issue, completes paged changelogs, normalizes links and records problems', async () => {
    const searches: SearchBody[] = [];
    const api = metadataMocks(nock(BASE_URL))
      .post('/rest/api/3/search/jql', (b: SearchBody) => { searches.push(b); return !b.nextPageToken; })
      .reply(200, pageOneWithHugeDescription())
      .post('/rest/api/3/changelog/bulkfetch', (b: Json) => b.issueIdsOrKeys.join() === '10001' && !b.nextPageToken)
      .reply(200, fixture('bulk-changelog-1.json'))
      .post('/rest/api/3/changelog/bulkfetch', (b: Json) => b.nextPageToken === 'bulk-page-2')
      .reply(200, fixture('bulk-changelog-2.json'))
      .get('/rest/api/3/issue/10003/remotelink').reply(200, fixture('remotelinks-10003.json'))
      .post('/rest/api/3/search/jql', (b: SearchBody) => { searches.push(b); return b.nextPageToken === 'CAEaAggD'; })
      .reply(200, fixture('search-page-2.json'));

    const store = createMemorySyncStore();
    const progress: Array<{ pages: number; items: number }> = [];
    const summary = await connectorFor(store, { onProgress: (p) => progress.push({ pages: p.pages, items: p.items }) }).sync({ mode: 'full' });
    expect(api.isDone()).toBe(true);
    expect(progress).toEqual([{ pages: 1, items: 3 }, { pages: 2, items: 5 }]);

    expect(searches[0]?.jql).toBe('project in ("PAY", "CORE") ORDER BY updated ASC, id ASC');
    expect(searches[0]?.expand).toBe('changelog');
    expect(searches[0]?.fields).toContain('customfield_10016');
    expect(summary).toMatchObject({ mode: 'full', pages: 2, items: 5, requests: 8, rateLimitWaits: 0 });

    const pay1 = store.items.get('jira-acme:10001');
    expect(pay1).toMatchObject({
      key: 'PAY-1',
      url: 'https://acme.atlassian.net/browse/PAY-1',
      title: 'Card tokenization service',
      type: 'Story',
      status: 'Done',
      statusCategory: 'done',
      teamExternalId: '10000',
      assignee: 'Zoë Müller',
      estimate: 5,
      dueDate: '2026-02-15',
      labels: ['backend'],
      epic: 'PAY-100',
      project: 'PAY',
      deleted: false,
    });
    expect(pay1?.createdAt.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(pay1?.startedAt?.toISOString()).toBe('2026-01-06T09:00:00.000Z');
    expect(pay1?.completedAt?.toISOString()).toBe('2026-02-10T10:59:00.000Z');

    const pay1Transitions = [...store.transitions.values()].filter((t) => 'externalId' in t.item && t.item.externalId === '10001');
    expect(pay1Transitions.map((t) => [t.fromStatus, t.toStatus, t.toCategory, t.at.toISOString()])).toEqual([
      ['To Do', 'In Progress', 'in_progress', '2026-01-06T09:00:00.000Z'],
      ['In Progress', 'In Review', 'in_progress', '2026-02-02T09:00:00.000Z'],
      ['In Review', 'Done', 'done', '2026-02-10T10:59:00.000Z'],
    ]);

    // Moved issue: same id, new key; original estimate 16 h at 8 h/point.
    expect(store.items.get('jira-acme:10002')).toMatchObject({ key: 'CORE-7', project: 'CORE', estimate: 2, statusCategory: 'in_progress', completedAt: null });

    const links = [...store.links.values()].map((l) => `${refName(l.from)} ${l.kind} ${refName(l.to)} (${l.origin})`).sort();
    expect(links).toEqual([
      'PAY-1 blocks CORE-7 (jira:issuelink)',
      'PAY-1 blocks PAY-3 (jira:issuelink)',
      'PAY-100 parent PAY-1 (parent)',
      'CORE-7 blocks OUT-9 (jira:issuelink)',
      // "Cloners" is a known type by default: a relation, not a dependency.
      'PAY-3 relates PAY-6 (jira:issuelink)',
      'linear-acme/MOB-7 blocks PAY-3 (jira:remotelink)',
    ].sort());
    expect(summary.unknownLinkTypes).toEqual([]);

    const pay3 = store.items.get('jira-acme:10003');
    expect(JSON.stringify(pay3?.raw).length).toBeLessThan(10_000);
    expect((pay3?.raw as Json).descriptionDropped.bytes).toBeGreaterThan(64 * 1024);

    expect(store.items.get('jira-acme:10006')).toMatchObject({ title: '支払い画面 🚀 — ümlaut', dueDate: '2026-03-01' });
    const pay4 = store.items.get('jira-acme:10004');
    expect(pay4).toMatchObject({ title: 'PAY-4', status: null, statusCategory: 'unknown', dueDate: null, estimate: null });
    const problemKeys = summary.problems.map((p) => `${p.key}: ${p.reason.split(':')[0]}`);
    expect(problemKeys).toEqual(
      expect.arrayContaining(['PAY-4: missing field summary', 'PAY-4: invalid field status', 'PAY-4: invalid field duedate', 'PAY-4: invalid field customfield_10016', '?: issue without a readable id/key']),
    );

    expect(store.cursors.get(`jira-acme/${'projects:CORE,PAY'}`)).toEqual({
      updatedSince: new Date('2026-02-12T10:00:00.000Z'),
      pageToken: null,
      passStartedAt: null,
    });
    expect(store.results.at(-1)).toEqual({ sourceName: 'jira-acme', scope: 'projects:CORE,PAY', ok: true });
  });

  it('incremental JQL starts at the cursor minus overlap, in the API user time zone', async () => {
    const store = createMemorySyncStore();
    store.cursors.set('jira-acme/projects:CORE,PAY', { updatedSince: new Date('2026-02-12T10:00:30Z'), pageToken: null, passStartedAt: null });
    let jql = '';
    metadataMocks(nock(BASE_URL))
      .post('/rest/api/3/search/jql', (b: SearchBody) => { jql = b.jql; return true; })
      .reply(200, { issues: [], isLast: true });
    const summary = await connectorFor(store).sync({ mode: 'incremental' });
    // 10:00 UTC is 11:00 in Berlin (CET); floored to the minute, minus 5 minutes.
    expect(jql).toBe('project in ("PAY", "CORE") AND updated >= "2026-02-12 10:55" ORDER BY updated ASC, id ASC');
    expect(summary.items).toBe(0);
    expect(store.cursors.get('jira-acme/projects:CORE,PAY')?.updatedSince?.toISOString()).toBe('2026-02-12T10:00:30.000Z');
  });

  it('skips links of unknown types and names each type once per sync, in the summary and one warning', async () => {
    const store = createMemorySyncStore();
    const zaps = (id: string, key: string) => ({ type: { name: 'Zaps', inward: 'is zapped by', outward: 'zaps' }, outwardIssue: { id, key } });
    const page = fixture<Json>('search-page-2.json');
    page.issues[0].fields.issuelinks = [zaps('91', 'OUT-91'), zaps('92', 'OUT-92')];
    page.issues[2].fields.issuelinks = [zaps('93', 'OUT-93')];
    const warnings: string[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (_obj: object, msg: string) => void warnings.push(msg) };
    metadataMocks(nock(BASE_URL)).post('/rest/api/3/search/jql').reply(200, page);
    const summary = await connectorFor(store, { logger }).sync({ mode: 'full' });
    expect(summary.unknownLinkTypes).toEqual([{ name: 'Zaps', links: 3 }]);
    expect(warnings.filter((w) => w.includes('Zaps'))).toHaveLength(2); // the first sighting, and the end-of-sync summary
    expect([...store.links.values()].some((l) => l.to.key?.startsWith('OUT-9'))).toBe(false);
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    const store = createMemorySyncStore();
    const timing = (await import('./jira-fixtures.js')).fakeTiming();
    metadataMocks(nock(BASE_URL))
      .post('/rest/api/3/search/jql').reply(429, { errorMessages: ['Rate limit exceeded'] }, { 'Retry-After': '7' })
      .post('/rest/api/3/search/jql').reply(200, fixture('search-page-2.json'));
    const summary = await connectorFor(store, { timing }).sync({ mode: 'full' });
    expect(summary.rateLimitWaits).toBe(1);
    expect(timing.slept).toEqual([7000]);
    expect(summary.items).toBe(2);
  });

  it('turns a 401 into TrackerAuthError, leaves stored data alone and never leaks the token', async () => {
    const store = createMemorySyncStore();
    await store.commitPage('jira-acme', 'projects:CORE,PAY', { items: [], links: [], transitions: [], teams: [], replaceLinksFor: [] }, { updatedSince: new Date('2026-01-01T00:00:00Z'), pageToken: null, passStartedAt: null });
    nock(BASE_URL)
      .get('/rest/api/3/field').reply(401, fixture('error-401.json'))
      .get('/rest/api/3/status').reply(401, fixture('error-401.json'))
      .get('/rest/api/3/myself').reply(401, fixture('error-401.json'));
    const error = await connectorFor(store).sync({ mode: 'incremental' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerAuthError);
    expect((error as TrackerAuthError).sourceName).toBe('jira-acme');
    const basic = Buffer.from(`sync-bot@acme.example:${API_TOKEN}`).toString('base64');
    for (const text of [(error as Error).message, JSON.stringify(store.results)]) {
      expect(text).not.toContain(API_TOKEN);
      expect(text).not.toContain(basic);
    }
    expect(store.results.at(-1)).toMatchObject({ ok: false });
    expect(store.cursors.get('jira-acme/projects:CORE,PAY')?.updatedSince?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

function refName(ref: { sourceName: string; key?: string; externalId?: string }): string {
  return ref.sourceName === 'jira-acme' ? ref.key ?? ref.externalId ?? '?' : `${ref.sourceName}/${ref.key ?? ref.externalId}`;
}
