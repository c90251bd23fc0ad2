import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLinearConnector } from '../../../../services/connectors/linear/linear-connector.js';
import { createMemorySyncStore } from '../../../helpers/memory-sync-store.js';
import { API, API_KEY, fakeTiming, JSON_HEADERS, operation } from './linear-test-kit.js';

const PAGES = 5;
const PER_PAGE = 3;

function issueNode(n: number): Record<string, unknown> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const empty = { nodes: [] };
  return {
    id,
    identifier: `MOB-${n}`,
    url: `https://linear.app/acme/issue/MOB-${n}`,
    title: `Issue ${n}`,
    estimate: 1,
    dueDate: null,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: new Date(Date.parse('2026-05-20T00:00:00.000Z') - n * 60_000).toISOString(),
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
    labels: empty,
    // Each issue blocks the next one, so links cross page boundaries.
    relations: { nodes: [{ id: `rel-${n}`, type: 'blocks', relatedIssue: { id: `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`, identifier: `MOB-${n + 1}` } }] },
    inverseRelations: empty,
    attachments: empty,
    stateHistory: empty,
    children: empty,
  };
}

const cursorAfter = (page: number): string | null => (page === 0 ? null : `cursor-${page}`);

/** Serves page `p` (1-based) for `after = cursor-(p-1)`; counts what was served. */
function mockPages(from: number, served: number[]): void {
  for (let p = from; p <= PAGES; p++) {
    const nodes = Array.from({ length: PER_PAGE }, (_, i) => issueNode((p - 1) * PER_PAGE + i + 1));
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === cursorAfter(p - 1)))
      .reply(
        200,
        () => {
          served.push(p);
          return { data: { issues: { pageInfo: { hasNextPage: p < PAGES, endCursor: `cursor-${p}` }, nodes } } };
        },
        JSON_HEADERS,
      );
  }
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('Linear sync after a crash', () => {
  it('resumes from the last stored page: nothing lost, nothing fetched twice', async () => {
    const store = createMemorySyncStore();
    const timing = fakeTiming();
    const make = () => createLinearConnector({ source: { name: 'linear', apiKey: API_KEY }, options: { teams: ['MOB'] }, store, timing });
    const served: number[] = [];

    mockPages(1, served);
    store.beforeCommit = () => {
      if (store.commits === 2) throw new Error('simulated crash while storing page 3');
    };
    await expect(make().sync({ mode: 'full' })).rejects.toThrow(/page 3/);
    expect(store.items.size).toBe(2 * PER_PAGE);
    expect(store.cursors.get('linear/teams:MOB')).toMatchObject({ updatedSince: null, pageToken: 'cursor-2' });
    expect(store.results.at(-1)).toMatchObject({ ok: false });

    // Restart: a fresh connector over the same store. Only pages 3..5 are served now.
    nock.cleanAll();
    store.beforeCommit = undefined;
    mockPages(3, served);
    timing.advance(60_000);
    const summary = await make().sync({ mode: 'incremental' });

    expect(served).toEqual([1, 2, 3, 3, 4, 5]);
    expect(summary.pages).toBe(3);
    expect(store.items.size).toBe(PAGES * PER_PAGE);
    const keys = [...store.items.values()].map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    // Every issue's "blocks next" link is there exactly once, including those across page boundaries.
    expect(store.links.size).toBe(PAGES * PER_PAGE);
    // The resumed pass keeps its original start time as the next lower bound.
    expect(store.cursors.get('linear/teams:MOB')).toEqual({
      updatedSince: new Date('2026-05-22T12:00:00.000Z'),
      pageToken: null,
      passStartedAt: null,
    });
  });
});
