/**
 * Issue 26 on the Linear side: every follow-up list is merged, a repeating cursor stops the
 * pass, "more" without a cursor is counted as truncated, and a self-relation is logged.
 */
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagingStalledError } from '../../../../services/connectors/cursor-guard.js';
import { createLinearConnector } from '../../../../services/connectors/linear/linear-connector.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { API, API_KEY, fakeTiming, JSON_HEADERS, operation, type GraphQLBody } from '../linear/linear-test-kit.js';

const EPIC = '7c000000-0000-4000-8000-000000000001';
let store: MemorySyncStore;
const warnings: Array<{ obj: object; msg?: string }> = [];

const connector = () =>
  createLinearConnector({
    source: { name: 'linear', apiKey: API_KEY },
    options: { teams: ['MOB'] },
    store,
    timing: fakeTiming(),
    random: () => 0.5,
    logger: { info: () => undefined, warn: (obj, msg) => void warnings.push({ obj, ...(msg ? { msg } : {}) }) },
  });

const uuid = (n: number) => `7c000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function issueNode(id: string, identifier: string, nested: Partial<Record<'children' | 'history' | 'relations', unknown[]>> = {}) {
  return {
    id,
    identifier,
    url: `https://linear.app/acme/issue/${identifier}`,
    title: `Issue ${identifier}`,
    estimate: null,
    dueDate: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-05-01T09:00:00.000Z',
    startedAt: null,
    completedAt: null,
    canceledAt: null,
    archivedAt: null,
    trashed: false,
    state: { name: 'Todo', type: 'unstarted' },
    team: { id: 'team-mob', key: 'MOB', name: 'Mobile' },
    assignee: null,
    project: null,
    parent: null,
    labels: { nodes: [] },
    relations: { nodes: nested.relations ?? [] },
    inverseRelations: { nodes: [] },
    attachments: { nodes: [] },
    history: { nodes: nested.history ?? [] },
    children: { nodes: nested.children ?? [] },
  };
}

const child = (n: number) => ({ id: uuid(100 + n), identifier: `MOB-${100 + n}` });
const stateChange = (n: number) => ({
  id: `hist-${n}`,
  createdAt: new Date(Date.UTC(2026, 3, 1 + n)).toISOString(),
  fromState: { name: n === 0 ? 'Backlog' : `Step ${n - 1}` },
  toState: { name: `Step ${n}`, type: 'started' },
});

const page = (nodes: unknown[], pageInfo: { hasNextPage: boolean; endCursor: string | null }) => ({ data: { issues: { pageInfo, nodes } } });

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  store = createMemorySyncStore();
  warnings.length = 0;
});
afterEach(() => nock.cleanAll());

describe('Linear follow-ups', () => {
  it('keeps every follow-up list of an issue that needs several (12 children and 10 history entries)', async () => {
    const children = Array.from({ length: 12 }, (_, i) => child(i));
    const history = Array.from({ length: 10 }, (_, i) => stateChange(i));
    // The page query asks for one node more than it keeps: 9 children, 8 history entries.
    const embedded = { children: children.slice(0, 9), history: history.slice(0, 8) };
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage'))
      .reply(200, page([issueNode(EPIC, 'MOB-1', embedded)], { hasNextPage: false, endCursor: 'c1' }), JSON_HEADERS)
      // Both follow-ups are in flight together; the history answer arrives last.
      .post('/graphql', operation('SeamsIssueChildren'))
      .reply(200, { data: { issue: { children: { nodes: children, pageInfo: { hasNextPage: false, endCursor: null } } } } }, JSON_HEADERS)
      .post('/graphql', operation('SeamsIssueHistory'))
      .delay(30)
      .reply(200, { data: { issue: { history: { nodes: history, pageInfo: { hasNextPage: false, endCursor: null } } } } }, JSON_HEADERS);

    const summary = await connector().sync({ mode: 'full' });
    const parentLinks = [...store.links.values()].filter((l) => l.kind === 'parent');
    expect(parentLinks).toHaveLength(12);
    expect(summary.transitions).toBe(10);
    expect(store.transitions.size).toBe(10);
  });

  it('counts a nested list cut short ("more" without a cursor) as truncated', async () => {
    const children = Array.from({ length: 9 }, (_, i) => child(i));
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage'))
      .reply(200, page([issueNode(EPIC, 'MOB-1', { children })], { hasNextPage: false, endCursor: 'c1' }), JSON_HEADERS)
      .post('/graphql', operation('SeamsIssueChildren'))
      .reply(200, { data: { issue: { children: { nodes: children, pageInfo: { hasNextPage: true, endCursor: null } } } } }, JSON_HEADERS);
    const summary = await connector().sync({ mode: 'full' });
    expect(summary.truncated).toBe(1);
    expect(warnings.some((w) => (w.obj as { kind?: string }).kind === 'truncated')).toBe(true);
  });
});

describe('Linear paging against a misbehaving server', () => {
  it('stops with a clear error when the server answers the same endCursor again', async () => {
    let requests = 0;
    nock(API)
      .post('/graphql', (body: GraphQLBody) => body.query.includes('query SeamsIssuesPage('))
      .times(1000)
      .reply(200, () => {
        requests++;
        return page([issueNode(uuid(requests), `MOB-${requests}`)], { hasNextPage: true, endCursor: 'same' });
      }, JSON_HEADERS);
    await expect(connector().sync({ mode: 'full' })).rejects.toThrow(PagingStalledError);
    expect(requests).toBeLessThanOrEqual(3);
    expect(store.results.at(-1)).toMatchObject({ ok: false });
    expect(store.results.at(-1)?.error).toMatch(/already given/);
  });

  it('stops when fresh cursors keep coming with nothing new on the pages', async () => {
    let requests = 0;
    nock(API)
      .post('/graphql', (body: GraphQLBody) => body.query.includes('query SeamsIssuesPage('))
      .times(1000)
      .reply(200, () => {
        requests++;
        return page([issueNode(EPIC, 'MOB-1')], { hasNextPage: true, endCursor: `c${requests}` });
      }, JSON_HEADERS);
    await expect(connector().sync({ mode: 'full' })).rejects.toThrow(/nothing new/);
    expect(requests).toBeLessThan(20);
  });

  it('counts "more pages" without a cursor as truncated instead of ending silently', async () => {
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage'))
      .reply(200, page([issueNode(EPIC, 'MOB-1')], { hasNextPage: true, endCursor: null }), JSON_HEADERS);
    const summary = await connector().sync({ mode: 'full' });
    expect(summary).toMatchObject({ items: 1, truncated: 1, dropped: 0 });
    expect(summary.problems.some((p) => p.kind === 'truncated' && /no cursor/.test(p.message))).toBe(true);
  });

  it('logs a self-relation it drops', async () => {
    const self = { id: 'rel-self', type: 'blocks', relatedIssue: { id: EPIC, identifier: 'MOB-1' } };
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage'))
      .reply(200, page([issueNode(EPIC, 'MOB-1', { relations: [self] })], { hasNextPage: false, endCursor: null }), JSON_HEADERS);
    const summary = await connector().sync({ mode: 'full' });
    expect(store.links.size).toBe(0);
    expect(summary.dropped).toBe(1);
    expect(warnings.some((w) => /to itself/.test(String((w.obj as { message?: string }).message)))).toBe(true);
  });
});
