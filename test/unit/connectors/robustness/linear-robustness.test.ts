/**
 * Issue 26 on the Linear side: every follow-up list is merged, a repeating cursor stops the
 * pass, "more" without a cursor is counted as truncated, and a self-relation is logged.
 */
import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagingStalledError } from '../../../../services/connectors/cursor-guard.js';
import { NESTED_PAGE } from '../../../../services/connectors/linear/documents.js';
import { createLinearConnector } from '../../../../services/connectors/linear/linear-connector.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { API, API_KEY, fakeTiming, JSON_HEADERS, operation, type GraphQLBody } from '../linear/linear-test-kit.js';
import { linearIssueNode } from '../../../helpers/linear-issue-node.js';

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
    logger: { info: () => undefined, debug: () => undefined, error: () => undefined, warn: (obj, msg) => void warnings.push({ obj, msg }) },
  });

const uuid = (n: number) => `7c000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function issueNode(id: string, identifier: string, nested: Partial<Record<'children' | 'stateHistory' | 'relations', unknown[]>> = {}) {
  return linearIssueNode(id, identifier, {
    relations: { nodes: nested.relations ?? [] },
    stateHistory: { nodes: nested.stateHistory ?? [] },
    children: { nodes: nested.children ?? [] },
  });
}

const child = (n: number) => ({ id: uuid(100 + n), identifier: `MOB-${100 + n}` });
/** An IssueStateSpan: the issue entered `Step n` on April 1 + n (the first span is its creation state). */
const stateSpan = (n: number) => ({
  id: `span-${n}`,
  startedAt: new Date(Date.UTC(2026, 3, 1 + n)).toISOString(),
  state: { name: `Step ${n}`, type: 'started' },
});
const blocks = (n: number) => ({ id: `rel-${n}`, type: 'blocks', relatedIssue: { id: uuid(200 + n), identifier: `MOB-${200 + n}` } });
const lastPage = { hasNextPage: false, endCursor: null };

const page = (nodes: unknown[], pageInfo: { hasNextPage: boolean; endCursor: string | null }) => ({ data: { issues: { pageInfo, nodes } } });

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  store = createMemorySyncStore();
  warnings.length = 0;
});
afterEach(() => nock.cleanAll());

describe('Linear follow-ups', () => {
  it('keeps every follow-up list of an issue that needs several (12 children, 15 state spans and 13 relations)', async () => {
    const children = Array.from({ length: 12 }, (_, i) => child(i));
    const spans = Array.from({ length: 15 }, (_, i) => stateSpan(i));
    const relations = Array.from({ length: 13 }, (_, i) => blocks(i));
    // Every list overflows the page query, which asks for one node more than it keeps.
    expect([children.length, spans.length, relations.length]).toEqual([
      NESTED_PAGE.children + 4,
      NESTED_PAGE.stateHistory + 3,
      NESTED_PAGE.relations + 3,
    ]);
    const embedded = {
      children: children.slice(0, NESTED_PAGE.children + 1),
      stateHistory: spans.slice(0, NESTED_PAGE.stateHistory + 1),
      relations: relations.slice(0, NESTED_PAGE.relations + 1),
    };
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage'))
      .reply(200, page([issueNode(EPIC, 'MOB-1', embedded)], { hasNextPage: false, endCursor: 'c1' }), JSON_HEADERS)
      // The follow-ups are in flight together; the state history answer arrives last.
      .post('/graphql', operation('SeamsIssueChildren'))
      .reply(200, { data: { issue: { children: { nodes: children, pageInfo: lastPage } } } }, JSON_HEADERS)
      .post('/graphql', operation('SeamsIssueRelations'))
      .delay(10)
      .reply(200, { data: { issue: { relations: { nodes: relations, pageInfo: lastPage } } } }, JSON_HEADERS)
      .post('/graphql', operation('SeamsIssueStateHistory'))
      .delay(30)
      .reply(200, { data: { issue: { stateHistory: { nodes: spans, pageInfo: lastPage } } } }, JSON_HEADERS);

    const summary = await connector().sync({ mode: 'full' });
    const links = [...store.links.values()];
    expect(links.filter((l) => l.kind === 'parent')).toHaveLength(12);
    expect(links.filter((l) => l.kind === 'blocks')).toHaveLength(13);
    expect(summary.transitions).toBe(15);
    expect(store.transitions.size).toBe(15);
    const chain = [...store.transitions.values()].sort((x, y) => x.at.getTime() - y.at.getTime());
    expect(chain.map((t) => [t.fromStatus, t.toStatus])).toEqual(spans.map((_, i) => [i === 0 ? null : `Step ${i - 1}`, `Step ${i}`]));
    expect(summary.problems).toEqual([]);
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
