import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrackerAuthError } from '../../../../services/connectors/connector-errors.js';
import { createLinearConnector } from '../../../../services/connectors/linear/linear-connector.js';
import { UnknownLinearProjectError } from '../../../../services/connectors/linear/linear-projects.js';
import { EmptyScopeError } from '../../../../services/connectors/reconcile-guard.js';
import type { LinearRawSummary } from '../../../../services/connectors/linear/linear-normalize.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { API, API_KEY, fakeTiming, fixture, JSON_HEADERS, operation, type FakeTiming } from './linear-test-kit.js';

const MOB1 = '4f8a2c1e-0000-4000-8000-000000000001';
const MOB2 = '4f8a2c1e-0000-4000-8000-000000000002';
const MOB3 = '4f8a2c1e-0000-4000-8000-000000000003';
const MOB4 = '4f8a2c1e-0000-4000-8000-000000000004';

let store: MemorySyncStore;
let timing: FakeTiming;

const connector = () =>
  createLinearConnector({
    source: { name: 'linear', apiKey: API_KEY },
    options: { teams: ['MOB'], jiraSites: { 'https://acme.atlassian.net': 'jira' } },
    store,
    timing,
    random: () => 0.5,
  });

/** The two-page fixture program, with MOB-3's relations paged by the follow-up query. */
function mockTwoPages(): nock.Scope {
  return nock(API)
    .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === null))
    .reply(200, fixture('issues-page-1.json') as nock.Body, JSON_HEADERS)
    .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === 'Y3Vyc29yLTI'))
    .reply(200, fixture('issues-page-2.json') as nock.Body, JSON_HEADERS)
    .post('/graphql', operation('SeamsIssueRelations', (v) => v.id === MOB3 && v.after === null))
    .reply(200, fixture('issue-relations-page-1.json') as nock.Body, JSON_HEADERS)
    .post('/graphql', operation('SeamsIssueRelations', (v) => v.id === MOB3 && v.after === 'cmVsLTc'))
    .reply(200, fixture('issue-relations-page-2.json') as nock.Body, JSON_HEADERS);
}

beforeAll(() => {
  nock.disableNetConnect();
});
beforeEach(() => {
  store = createMemorySyncStore();
  timing = fakeTiming();
});
afterEach(() => {
  nock.cleanAll();
});

describe('Linear full sync', () => {
  it('stores every valid issue once, pages nested relations, and advances the cursor to the pass start', async () => {
    const scope = mockTwoPages();
    const passStart = timing.now();
    const summary = await connector().sync({ mode: 'full' });

    expect(scope.isDone()).toBe(true);
    expect(summary.pages).toBe(2);
    expect(summary.requests).toBe(4);
    expect(summary.items).toBe(4);
    expect([...store.items.values()].map((i) => i.key).sort()).toEqual(['MOB-1', 'MOB-2', 'MOB-3', 'MOB-4']);
    expect(store.cursors.get('linear/teams:MOB')).toEqual({ updatedSince: new Date(passStart), pageToken: null, passStartedAt: null });
    expect(store.results).toEqual([{ sourceName: 'linear', scope: 'teams:MOB', ok: true }]);
  });

  it('normalizes state, team, estimate, due date, labels, parent and project', async () => {
    mockTwoPages();
    await connector().sync({ mode: 'full' });
    const mob1 = store.items.get(`linear:${MOB1}`);
    expect(mob1).toMatchObject({
      key: 'MOB-1',
      status: 'In Progress',
      statusCategory: 'in_progress',
      teamExternalId: 'MOB',
      assignee: 'Ada Lovelace',
      estimate: 3,
      dueDate: '2026-07-01',
      labels: ['mobile', 'sync'],
      epic: null,
      project: 'Launch readiness',
      startedAt: new Date('2026-05-04T08:30:00.000Z'),
      sourceUpdatedAt: new Date('2026-05-21T12:00:00.000Z'),
      deleted: false,
    });
    const mob2 = store.items.get(`linear:${MOB2}`);
    expect(mob2?.statusCategory).toBe('done');
    expect(mob2?.completedAt).toEqual(new Date('2026-05-19T16:00:00.000Z'));
    expect((mob2?.raw as LinearRawSummary).canceled).toBe(true);
    const mob3 = store.items.get(`linear:${MOB3}`);
    expect(mob3).toMatchObject({ epic: 'MOB-1', statusCategory: 'done', completedAt: new Date('2026-05-18T09:00:00.000Z') });
  });

  it('normalizes relations from both sides once, parents, and Jira attachments', async () => {
    mockTwoPages();
    const summary = await connector().sync({ mode: 'full' });
    const links = [...store.links.values()].map((l) => {
      const name = (r: typeof l.from) => ('externalId' in r ? (r.key ?? r.externalId) : `${r.sourceName}:${r.key}`);
      return `${name(l.from)} ${l.kind} ${name(l.to)} (${l.origin})`;
    });
    const expected = [
      'MOB-1 blocks MOB-2 (linear:relation)',
      'DATA-9 blocks MOB-1 (linear:relation)',
      'jira:PAY-12 blocks MOB-1 (linear:attachment)',
      'MOB-1 parent MOB-3 (parent)',
      'MOB-2 relates MOB-1 (linear:relation)',
      'MOB-2 relates jira:CORE-7 (linear:attachment)',
      ...Array.from({ length: 12 }, (_, i) => `MOB-3 blocks DATA-${100 + i} (linear:relation)`),
    ];
    expect(links.sort()).toEqual(expected.sort());
    // Page 1 emits 6 links (rel-1 seen from both ends counts once); page 2 re-states MOB-1 → MOB-3 and adds 12.
    expect(summary.links).toBe(6 + 13);
  });

  it('turns state spans into transitions in time order and skips spans of deleted states', async () => {
    mockTwoPages();
    const summary = await connector().sync({ mode: 'full' });
    expect(summary.transitions).toBe(4);
    const mob1 = [...store.transitions.values()].filter((t) => 'externalId' in t.item && t.item.externalId === MOB1);
    expect(mob1.map((t) => [t.fromStatus, t.toStatus, t.toCategory, t.at.toISOString()])).toEqual([
      [null, 'Todo', 'todo', '2026-03-02T09:00:00.000Z'],
      ['Todo', 'In Progress', 'in_progress', '2026-05-04T08:30:00.000Z'],
    ]);
  });

  it('keeps what is valid of a bad issue and skips an unusable one, recording problems with identifiers', async () => {
    mockTwoPages();
    const summary = await connector().sync({ mode: 'full' });
    expect(store.items.get(`linear:${MOB4}`)?.estimate).toBeNull();
    expect(summary.problems.map((p) => p.identifier)).toEqual(['MOB-4', 'MOB-5']);
    expect(summary.problems[0]?.message).toMatch(/estimate/);
    expect(summary.problems[1]?.message).toMatch(/issue skipped/);
  });

  it('filters by team and orders by updatedAt; incremental starts at the cursor minus the overlap', async () => {
    const bodies: Array<{ query: string; variables: Record<string, unknown> }> = [];
    nock(API)
      .post('/graphql', (body: { query: string; variables: Record<string, unknown> }) => {
        bodies.push(body);
        return true;
      })
      .times(2)
      .reply(200, { data: { issues: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } }, JSON_HEADERS);
    await connector().sync({ mode: 'full' });
    timing.advance(3_600_000);
    await connector().sync({ mode: 'incremental' });

    expect(bodies[0]?.query).toMatch(/orderBy: updatedAt/);
    expect(bodies[0]?.variables.filter).toEqual({ team: { key: { in: ['MOB'] } } });
    expect(bodies[1]?.variables.filter).toEqual({
      team: { key: { in: ['MOB'] } },
      updatedAt: { gte: '2026-05-22T11:55:00.000Z' },
    });
    expect(bodies[1]?.variables.first).toBe(80);
  });
  it('syncs given ids only and leaves the cursor where it was', async () => {
    const before = { updatedSince: new Date('2026-05-01T00:00:00Z'), pageToken: null, passStartedAt: null };
    store.cursors.set('linear/teams:MOB', before);
    const scope = nock(API)
      .post('/graphql', operation('SeamsIssuesPage', (v) => JSON.stringify(v.filter) === JSON.stringify({ team: { key: { in: ['MOB'] } }, id: { in: [MOB1] } })))
      .reply(200, { data: { issues: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } }, JSON_HEADERS);
    await connector().sync({ mode: 'incremental', itemKeys: [MOB1] });
    expect(scope.isDone()).toBe(true);
    expect(store.cursors.get('linear/teams:MOB')).toEqual(before);
  });
});

describe('Linear scope: projects by name, reconciliation guard', () => {
  const CHECKOUT = '9d1c5b9e-0000-4000-8000-00000000c0de';
  const GIVEN_ID = '9d1c5b9e-0000-4000-8000-0000000000aa';
  const withProjects = (projects: string[]) =>
    createLinearConnector({ source: { name: 'linear', apiKey: API_KEY }, options: { teams: ['MOB'], projects }, store, timing, random: () => 0.5 });
  const emptyPage = { data: { issues: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } };

  it('resolves configured project names to ids with one query and filters issues by id', async () => {
    let filter: unknown = null;
    const scope = nock(API)
      .post('/graphql', operation('SeamsProjectsByName', (v) => JSON.stringify(v.names) === JSON.stringify(['Checkout v2'])))
      .reply(200, { data: { projects: { nodes: [{ id: CHECKOUT, name: 'Checkout v2' }], pageInfo: { hasNextPage: false, endCursor: null } } } }, JSON_HEADERS)
      .post('/graphql', operation('SeamsIssuesPage', (v) => { filter = v.filter; return true; }))
      .reply(200, emptyPage, JSON_HEADERS);
    await withProjects(['Checkout v2', GIVEN_ID]).sync({ mode: 'full' });
    expect(scope.isDone()).toBe(true);
    expect(filter).toEqual({ team: { key: { in: ['MOB'] } }, project: { id: { in: [GIVEN_ID, CHECKOUT] } } });
  });

  it('stops with an error naming a project name that matches nothing, and records it', async () => {
    nock(API)
      .post('/graphql', operation('SeamsProjectsByName'))
      .reply(200, { data: { projects: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } }, JSON_HEADERS);
    const sync = withProjects(['Chekout v2']).sync({ mode: 'full' });
    await expect(sync).rejects.toThrow(UnknownLinearProjectError);
    await expect(sync).rejects.toThrow(/no project named "Chekout v2"/);
    expect(store.results.at(-1)).toMatchObject({ ok: false });
  });

  it('refuses to mark every stored item deleted when the scope listing comes back empty', async () => {
    mockTwoPages();
    await connector().sync({ mode: 'full' });
    const live = [...store.items.values()].filter((i) => !i.deleted).length;
    expect(live).toBeGreaterThan(0);
    nock(API).post('/graphql', operation('SeamsIssueIds')).reply(200, { data: { issues: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } }, JSON_HEADERS);
    await expect(connector().reconcile()).rejects.toThrow(EmptyScopeError);
    expect([...store.items.values()].filter((i) => !i.deleted)).toHaveLength(live);
  });
});

describe('Linear rate limits and failures', () => {
  const emptyPage = { data: { issues: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } };

  it('waits for the reset after RATELIMITED, then succeeds', async () => {
    const resetAt = timing.now() + 30_000;
    nock(API)
      .post('/graphql')
      .reply(400, fixture('error-ratelimited.json') as nock.Body, {
        ...JSON_HEADERS,
        'X-RateLimit-Requests-Remaining': '0',
        'X-RateLimit-Requests-Reset': String(resetAt),
      })
      .post('/graphql')
      .reply(200, emptyPage, JSON_HEADERS);
    const summary = await connector().sync({ mode: 'full' });
    expect(summary.requests).toBe(2);
    expect(summary.rateLimitWaits).toBe(1);
    expect(timing.sleeps).toEqual([30_000]);
  });

  it('slows down before the complexity budget runs out', async () => {
    const resetAt = timing.now() + 45_000;
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === null))
      .reply(200, { data: { issues: { pageInfo: { hasNextPage: true, endCursor: 'c1' }, nodes: [] } } }, {
        ...JSON_HEADERS,
        'X-Complexity': '9297',
        'X-RateLimit-Complexity-Remaining': '9000',
        'X-RateLimit-Complexity-Reset': String(resetAt),
        'X-RateLimit-Requests-Remaining': '4000',
      })
      .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === 'c1'))
      .reply(200, emptyPage, JSON_HEADERS);
    const summary = await connector().sync({ mode: 'full' });
    expect(summary.rateLimitWaits).toBe(1);
    expect(timing.sleeps).toEqual([45_000]);
  });

  it('retries a 500 with jittered backoff', async () => {
    nock(API)
      .post('/graphql')
      .reply(500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }, JSON_HEADERS)
      .post('/graphql')
      .reply(200, emptyPage, JSON_HEADERS);
    const summary = await connector().sync({ mode: 'full' });
    expect(summary.requests).toBe(2);
    // Full jitter of the first retry: uniform(0, 500 ms) with random() = 0.5.
    expect(timing.sleeps).toEqual([250]);
  });

  it('turns an authentication error into TrackerAuthError without the key, and records the failure', async () => {
    nock(API)
      .post('/graphql')
      .reply(400, fixture('error-authentication.json') as nock.Body, JSON_HEADERS);
    const error = await connector()
      .sync({ mode: 'full' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackerAuthError);
    expect((error as TrackerAuthError).sourceName).toBe('linear');
    expect((error as Error).message).toMatch(/API key/);
    expect((error as Error).message).not.toContain(API_KEY);
    expect(store.results).toHaveLength(1);
    expect(store.results[0]?.ok).toBe(false);
    expect(store.results[0]?.error).not.toContain(API_KEY);
    expect(store.cursors.size).toBe(0);
  });

  it('treats HTTP 401 as an authentication failure too', async () => {
    nock(API).post('/graphql').reply(401, { errors: [{ message: 'Unauthorized' }] }, JSON_HEADERS);
    await expect(connector().sync({ mode: 'full' })).rejects.toBeInstanceOf(TrackerAuthError);
  });
});
