/**
 * Issue 26, defect 4: values Postgres refuses (NUL, lone surrogates, year 0000, impossible days,
 * ids over the btree limit, a page token carrying NUL) no longer fail the page and with it every
 * later sync. Served by nock as Linear would send them, stored through the real db/ store.
 */
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbSyncStore } from '../../../db/sync-store.js';
import { loadCursor, saveCursor } from '../../../db/sync-state.js';
import { upsertSources } from '../../../db/sources.js';
import { createLinearConnector } from '../../../services/connectors/linear/linear-connector.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';
import { API, API_KEY, fakeTiming, JSON_HEADERS, operation } from '../../unit/connectors/linear/linear-test-kit.js';
import { linearIssueNode } from '../../helpers/linear-issue-node.js';

const uuid = (n: number) => `9d000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const POISON_TOKEN = 'page-2\u0000\udc00';

function node(n: number, overrides: Record<string, unknown> = {}) {
  return linearIssueNode(uuid(n), `MOB-${n}`, overrides);
}

const poisoned = [
  node(1, {
    title: 'NUL \u0000 and a lone surrogate \ud800 here',
    assignee: { name: 'Ada\u0000' },
    labels: { nodes: [{ name: 'bad\udfff' }] },
    dueDate: '2026-02-30',
    team: { id: 'team-mob', key: 'MOB', name: 'Mobile\u0000' },
    // Entering `To\0do` in year 0000 cannot be stored; the change out of it (a name too long) can.
    stateHistory: {
      nodes: [
        { id: 's1', startedAt: '0000-01-01T00:00:00.000Z', state: { name: 'To\u0000do', type: 'unstarted' } },
        { id: 's2', startedAt: '2026-04-01T00:00:00.000Z', state: { name: `S${'x'.repeat(3000)}`, type: 'started' } },
      ],
    },
    relations: { nodes: [{ id: 'r1', type: 'blocks', relatedIssue: { id: uuid(77), identifier: 'OUT-\ud800' } }] },
  }),
  node(2, { identifier: `MOB-${'9'.repeat(3000)}` }),
  node(3, { startedAt: '2026-04-10T00:00:00.000Z', completedAt: '2026-04-01T00:00:00.000Z', state: { name: 'Done', type: 'completed' } }),
];

describe.each(DIALECTS)('poison values on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    t = await createTestDatabase(kind);
    await upsertSources(t.db, [{ name: 'linear', kind: 'linear', baseUrl: API, credentialsRef: 'LINEAR_API_KEY' }]);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t.drop();
  });

  it('stores what can be stored, names what was dropped or cleaned, advances the cursor, and a second sync succeeds', async () => {
    const store = createDbSyncStore(t.db);
    const connector = createLinearConnector({ source: { name: 'linear', apiKey: API_KEY }, options: { teams: ['MOB'] }, store, timing: fakeTiming() });
    const page = (nodes: unknown[], hasNextPage: boolean, endCursor: string | null) => ({ data: { issues: { pageInfo: { hasNextPage, endCursor }, nodes } } });
    nock(API)
      .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === null))
      .reply(200, page(poisoned, true, POISON_TOKEN), JSON_HEADERS)
      .post('/graphql', operation('SeamsIssuesPage', (v) => v.after === POISON_TOKEN))
      .reply(200, page([node(4)], false, null), JSON_HEADERS);

    const summary = await connector.sync({ mode: 'full' });
    expect(summary.pages).toBe(2);
    expect(summary.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'dropped', message: expect.stringMatching(/id or key is empty or too long/) }),
        expect.objectContaining({ identifier: 'MOB-1', kind: 'dropped', message: expect.stringMatching(/not a storable instant/) }),
        expect.objectContaining({ identifier: 'MOB-1', kind: 'sanitised', message: expect.stringMatching(/title.*dueDate|dueDate/) }),
        expect.objectContaining({ identifier: 'MOB-3', kind: 'sanitised', message: expect.stringMatching(/startedAt after completedAt/) }),
      ]),
    );
    expect(summary.dropped).toBeGreaterThanOrEqual(2);

    const items = await t.db.selectFrom('work_items').select(['key', 'title', 'assignee', 'due_date', 'labels', 'started_at', 'completed_at', 'placeholder']).orderBy('key').execute();
    const mob1 = items.find((i) => i.key === 'MOB-1');
    expect(mob1).toMatchObject({ title: 'NUL  and a lone surrogate \ufffd here', assignee: 'Ada', due_date: null, labels: ['bad\ufffd'] });
    expect(items.find((i) => i.key === 'MOB-3')).toMatchObject({ started_at: null });
    expect(items.some((i) => i.key === 'MOB-4')).toBe(true);
    expect(items.some((i) => i.key === 'OUT-\ufffd' && i.placeholder)).toBe(true);
    expect(items.some((i) => i.key.length > 1000)).toBe(false);
    const transitions = await t.db.selectFrom('status_transitions').select(['from_status', 'to_status']).execute();
    expect(transitions).toEqual([{ from_status: 'Todo', to_status: `S${'x'.repeat(254)}` }]);

    const state = await t.db.selectFrom('sync_state').select(['page_token', 'last_error', 'last_quality']).executeTakeFirstOrThrow();
    expect(state).toMatchObject({ page_token: null, last_error: null });
    expect(state.last_quality).toEqual({ dropped: summary.dropped, sanitised: summary.sanitised, truncated: 0 });

    nock(API).post('/graphql', operation('SeamsIssuesPage')).reply(200, page(poisoned, false, null), JSON_HEADERS);
    const again = await connector.sync({ mode: 'incremental' });
    expect(again.items).toBe(2);
  });

  it('keeps a page token Postgres text cannot hold and gives it back unchanged', async () => {
    const [source] = await t.db.selectFrom('sources').select('id').execute();
    const cursor = { updatedSince: null, pageToken: POISON_TOKEN, passStartedAt: new Date('2026-05-01T00:00:00Z') };
    await saveCursor(t.db, source!.id, 'poison-scope', cursor, { items: 0, links: 0, transitions: 0 });
    expect((await loadCursor(t.db, source!.id, 'poison-scope'))?.pageToken).toBe(POISON_TOKEN);
    const plain = { ...cursor, pageToken: 'seams-json:looks-escaped' };
    await saveCursor(t.db, source!.id, 'poison-scope', plain, { items: 0, links: 0, transitions: 0 });
    expect((await loadCursor(t.db, source!.id, 'poison-scope'))?.pageToken).toBe('seams-json:looks-escaped');
  });
});
