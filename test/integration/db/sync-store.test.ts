import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLinks } from '../../../db/links.js';
import { upsertSources } from '../../../db/sources.js';
import { createDbSyncStore } from '../../../db/sync-store.js';
import type { NormalizedItem, SyncCursor, SyncPage } from '../../../services/connectors/connector-types.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

function item(externalId: string, key: string, overrides: Partial<NormalizedItem> = {}): NormalizedItem {
  return {
    externalId,
    key,
    url: `https://acme.atlassian.net/browse/${key}`,
    title: `Title of ${key}`,
    type: 'Story',
    status: 'To Do',
    statusCategory: 'todo',
    teamExternalId: key.split('-')[0]!,
    assignee: null,
    estimate: 3,
    dueDate: '2027-01-15',
    labels: ['checkout'],
    epic: null,
    project: null,
    createdAt: new Date('2026-10-01T10:00:00Z'),
    startedAt: null,
    completedAt: null,
    sourceUpdatedAt: new Date('2026-11-20T10:00:00Z'),
    deleted: false,
    raw: { id: externalId },
    ...overrides,
  };
}

const page = (p: Partial<SyncPage>): SyncPage => ({ items: [], links: [], transitions: [], teams: [], replaceLinksFor: [], ...p });
const cursor = (token: string | null): SyncCursor => ({ updatedSince: null, pageToken: token, passStartedAt: new Date() });
const jira = (externalId: string) => ({ sourceName: 'jira', externalId });

describe.each(DIALECTS)('db sync store on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await upsertSources(t.db, [
      { name: 'jira', kind: 'jira', baseUrl: 'https://acme.atlassian.net', credentialsRef: 'JIRA_API_TOKEN' },
      { name: 'linear', kind: 'linear', baseUrl: 'https://api.linear.app/graphql', credentialsRef: 'LINEAR_API_KEY' },
    ]);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('stores a page with its cursor, placeholders for out-of-scope targets, and is idempotent', async () => {
    const store = createDbSyncStore(t.db);
    const p = page({
      teams: [{ externalId: 'PAY', key: 'PAY', name: 'Payments' }],
      items: [item('10001', 'PAY-1'), item('10002', 'PAY-2', { title: 'Ünïcødé <script>alert(1)</script>' })],
      links: [
        { from: jira('10001'), to: jira('10002'), kind: 'blocks', origin: 'jira:issuelink' },
        { from: { sourceName: 'jira', externalId: '99999', key: 'OUT-9' }, to: jira('10001'), kind: 'blocks', origin: 'jira:issuelink' },
        { from: jira('10002'), to: { sourceName: 'linear', key: 'MOB-7' }, kind: 'blocks', origin: 'jira:remotelink' },
        { from: jira('10001'), to: jira('10001'), kind: 'relates', origin: 'jira:issuelink' },
      ],
      transitions: [
        { item: jira('10001'), fromStatus: 'To Do', toStatus: 'In Progress', toCategory: 'in_progress', at: new Date('2026-11-01T09:00:00Z') },
      ],
      replaceLinksFor: [jira('10001'), jira('10002')],
    });
    const counts = await store.commitPage('jira', 'default', p, cursor('tok-1'));
    expect(counts).toEqual({ items: 2, links: 3, transitions: 1 });
    await store.commitPage('jira', 'default', p, cursor('tok-1'));

    const items = await t.db.selectFrom('work_items').selectAll().orderBy('key').execute();
    expect(items.map((i) => [i.key, i.placeholder, i.status_category])).toEqual([
      ['MOB-7', true, 'unknown'],
      ['OUT-9', true, 'unknown'],
      ['PAY-1', false, 'todo'],
      ['PAY-2', false, 'todo'],
    ]);
    expect(items.find((i) => i.key === 'PAY-2')?.title).toBe('Ünïcødé <script>alert(1)</script>');
    expect(items.find((i) => i.key === 'PAY-1')?.due_date).toBe('2027-01-15');
    expect(await countLinks(t.db)).toBe(3);
    expect(await t.db.selectFrom('status_transitions').selectAll().execute()).toHaveLength(1);
    expect(await store.loadCursor('jira', 'default')).toMatchObject({ pageToken: 'tok-1' });
  });

  it('merges a key placeholder into the real item once it syncs, keeping its links', async () => {
    const store = createDbSyncStore(t.db);
    await store.commitPage(
      'linear',
      'default',
      page({ items: [item('uuid-mob-7', 'MOB-7', { teamExternalId: 'MOB', url: 'https://linear.app/acme/issue/MOB-7' })] }),
      cursor(null),
    );
    const mob = await t.db.selectFrom('work_items').selectAll().where('key', '=', 'MOB-7').execute();
    expect(mob).toHaveLength(1);
    expect(mob[0]).toMatchObject({ external_id: 'uuid-mob-7', placeholder: false });
    const link = await t.db.selectFrom('item_links').selectAll().where('to_item', '=', mob[0]!.id).execute();
    expect(link).toHaveLength(1);
  });

  it('keeps the row when a Jira issue moves project, and replaces the links it declared', async () => {
    const store = createDbSyncStore(t.db);
    const before = await t.db.selectFrom('work_items').select('id').where('external_id', '=', '10002').executeTakeFirstOrThrow();
    await store.commitPage(
      'jira',
      'default',
      page({ items: [item('10002', 'CORE-5', { teamExternalId: 'CORE' })], links: [], replaceLinksFor: [jira('10002')] }),
      cursor('tok-2'),
    );
    const after = await t.db.selectFrom('work_items').select(['id', 'key']).where('external_id', '=', '10002').executeTakeFirstOrThrow();
    expect(after).toEqual({ id: before.id, key: 'CORE-5' });
    // 10002 declared its remote link to MOB-7: gone now it reports none. "PAY-1 blocks" was
    // declared by PAY-1 as well, so it stays until PAY-1's own next sync says otherwise.
    expect(await countLinks(t.db)).toBe(2);
    await store.commitPage('jira', 'default', page({ items: [item('10001', 'PAY-1')], replaceLinksFor: [jira('10001')] }), cursor('tok-2'));
    expect(await countLinks(t.db)).toBe(0);
  });

  it('marks deleted items without losing them, and records outcomes', async () => {
    const store = createDbSyncStore(t.db);
    expect(await store.listLiveExternalIds('jira')).toEqual(expect.arrayContaining(['10001', '10002']));
    expect(await store.markDeleted('jira', ['10001'], 'deleted')).toBe(1);
    expect(await store.markDeleted('jira', ['10001'], 'deleted')).toBe(0);
    expect(await store.listLiveExternalIds('jira')).toEqual(['10002']);
    await store.recordSyncResult('jira', 'default', { ok: false, error: 'HTTP 503' });
    const state = await t.db
      .selectFrom('sync_state')
      .innerJoin('sources', 'sources.id', 'sync_state.source_id')
      .selectAll('sync_state')
      .where('sources.name', '=', 'jira')
      .executeTakeFirstOrThrow();
    expect(state.last_error).toBe('HTTP 503');
    expect(state.page_token).toBe('tok-2');
    await expect(store.loadCursor('nope', 'default')).rejects.toThrow(/source "nope" is not registered/);
  });

  it('fills an out-of-scope placeholder with what the link told, and never overwrites a synced item', async () => {
    const store = createDbSyncStore(t.db);
    const sec = { sourceName: 'jira', externalId: '30012', key: 'SEC-12' };
    const details = (title: string) => ({
      ref: sec, url: 'https://acme.atlassian.net/browse/SEC-12', title, type: 'Task', status: 'In Review', statusCategory: 'in_progress' as const, assignee: 'Ana',
    });
    const linkPage = (linkedItems: ReturnType<typeof details>[]) => page({
      items: [item('30001', 'PAY-30')],
      links: [{ from: sec, to: jira('30001'), kind: 'blocks', origin: 'jira:issuelink' }],
      replaceLinksFor: [jira('30001')],
      linkedItems,
    });
    const row = () => t.db.selectFrom('work_items').selectAll().where('external_id', '=', '30012').executeTakeFirstOrThrow();
    // Created bare (a link without details), then filled by a later page that carries them.
    await store.commitPage('jira', 'placeholders', linkPage([]), cursor(null));
    expect(await row()).toMatchObject({ placeholder: true, title: 'SEC-12', status: null, status_category: 'unknown' });
    await store.commitPage('jira', 'placeholders', linkPage([details('Security sign-off')]), cursor(null));
    expect(await row()).toMatchObject({
      key: 'SEC-12', placeholder: true, title: 'Security sign-off', status: 'In Review', status_category: 'in_progress',
      assignee: 'Ana', type: 'Task', url: 'https://acme.atlassian.net/browse/SEC-12',
    });

    // Once SEC-12 itself is synced, link payloads no longer touch its row.
    await store.commitPage('jira', 'placeholders', page({ items: [item('30012', 'SEC-12', { title: 'Real title', status: 'Done', statusCategory: 'done' })] }), cursor(null));
    await store.commitPage('jira', 'placeholders', linkPage([details('Stale title')]), cursor(null));
    expect(await row()).toMatchObject({ placeholder: false, title: 'Real title', status: 'Done', status_category: 'done' });

    // A placeholder created with details straight away.
    const fresh = { sourceName: 'jira', externalId: '30013', key: 'SEC-13' };
    await store.commitPage('jira', 'placeholders', page({
      items: [item('30002', 'PAY-31')],
      links: [{ from: fresh, to: jira('30002'), kind: 'blocks', origin: 'jira:issuelink' }],
      linkedItems: [{ ...details('Pen test'), ref: fresh, url: 'https://acme.atlassian.net/browse/SEC-13' }],
    }), cursor(null));
    expect(await t.db.selectFrom('work_items').selectAll().where('external_id', '=', '30013').executeTakeFirstOrThrow()).toMatchObject({
      placeholder: true, title: 'Pen test', status: 'In Review', status_category: 'in_progress', url: 'https://acme.atlassian.net/browse/SEC-13',
    });
  });

  it('rolls back the whole page when storing fails part-way', async () => {
    const store = createDbSyncStore(t.db);
    const bad = page({
      items: [item('20001', 'PAY-20'), item('20002', 'PAY-21', { statusCategory: 'bogus' as 'todo' })],
    });
    await expect(store.commitPage('jira', 'default', bad, cursor('tok-3'))).rejects.toThrow();
    expect(await t.db.selectFrom('work_items').select('id').where('external_id', '=', '20001').execute()).toHaveLength(0);
    expect(await store.loadCursor('jira', 'default')).toMatchObject({ pageToken: 'tok-2' });
  });

  it('remembers teams across pages, stores renames, and forgets a team whose page rolled back', async () => {
    const store = createDbSyncStore(t.db);
    const teamRows = () => t.db.selectFrom('teams').select(['id', 'external_id', 'key', 'name']).where('external_id', 'like', 'T-%').orderBy('external_id').execute();
    await store.commitPage('jira', 'teams', page({ teams: [{ externalId: 'T-A', key: 'TA', name: 'Alpha' }], items: [item('40001', 'TA-1', { teamExternalId: 'T-A' })] }), cursor(null));
    // A team an item names but no page describes is created under its id; a described one keeps its name.
    await store.commitPage('jira', 'teams', page({ items: [item('40002', 'TA-2', { teamExternalId: 'T-A' }), item('40003', 'TB-1', { teamExternalId: 'T-B' })] }), cursor(null));
    await store.commitPage('jira', 'teams', page({ teams: [{ externalId: 'T-A', key: 'TA', name: 'Alpha squad' }], items: [item('40004', 'TA-3', { teamExternalId: 'T-A' })] }), cursor(null));
    const rows = await teamRows();
    expect(rows.map((r) => [r.external_id, r.key, r.name])).toEqual([
      ['T-A', 'TA', 'Alpha squad'],
      ['T-B', 'T-B', 'T-B'],
    ]);
    const items = await t.db.selectFrom('work_items').select(['external_id', 'team_id']).where('external_id', 'in', ['40001', '40002', '40003', '40004']).orderBy('external_id').execute();
    expect(items.map((i) => i.team_id)).toEqual([rows[0]!.id, rows[0]!.id, rows[1]!.id, rows[0]!.id]);

    const failing = page({
      teams: [{ externalId: 'T-C', key: 'TC', name: 'Gamma' }],
      items: [item('40005', 'TC-1', { teamExternalId: 'T-C', statusCategory: 'bogus' as 'todo' })],
    });
    await expect(store.commitPage('jira', 'teams', failing, cursor(null))).rejects.toThrow();
    await store.commitPage('jira', 'teams', page({ items: [item('40006', 'TC-2', { teamExternalId: 'T-C' })] }), cursor(null));
    const gamma = (await teamRows()).find((r) => r.external_id === 'T-C');
    expect(gamma).toMatchObject({ key: 'T-C' });
    expect(await t.db.selectFrom('work_items').select('team_id').where('external_id', '=', '40006').executeTakeFirstOrThrow()).toEqual({ team_id: gamma!.id });
  });

  it('links to items of earlier pages, but never to an item whose page rolled back', async () => {
    const store = createDbSyncStore(t.db);
    await store.commitPage('jira', 'remembered', page({ items: [item('50001', 'REM-1')] }), cursor(null));
    // Fails after its items were stored: the transition breaks a check.
    const failing = page({
      items: [item('50002', 'REM-2')],
      transitions: [{ item: jira('50002'), fromStatus: null, toStatus: 'Odd', toCategory: 'bogus' as 'todo', at: new Date('2026-11-02T09:00:00Z') }],
    });
    await expect(store.commitPage('jira', 'remembered', failing, cursor(null))).rejects.toThrow();
    await store.commitPage(
      'jira',
      'remembered',
      page({
        items: [item('50004', 'REM-4')],
        links: [
          { from: jira('50001'), to: jira('50004'), kind: 'blocks', origin: 'jira:issuelink' },
          { from: jira('50002'), to: jira('50004'), kind: 'blocks', origin: 'jira:issuelink' },
        ],
        replaceLinksFor: [jira('50004')],
      }),
      cursor(null),
    );
    const rows = await t.db.selectFrom('work_items').select(['id', 'external_id', 'placeholder']).where('external_id', 'in', ['50001', '50002', '50004']).orderBy('external_id').execute();
    expect(rows.map((r) => [r.external_id, r.placeholder])).toEqual([['50001', false], ['50002', true], ['50004', false]]);
    const links = await t.db.selectFrom('item_links').select(['from_item', 'declared_by']).where('to_item', '=', rows[2]!.id).orderBy('from_item').execute();
    expect(links).toEqual([{ from_item: rows[0]!.id, declared_by: rows[2]!.id }, { from_item: rows[1]!.id, declared_by: rows[2]!.id }]);
  });

  it('forgets what it remembered once a page fails, so a row lost behind its back heals on the retry', async () => {
    const store = createDbSyncStore(t.db);
    await store.commitPage('jira', 'lost', page({ items: [item('60001', 'LOST-1')] }), cursor(null));
    // As a server crash would lose a page committed without waiting for its WAL flush.
    await t.db.deleteFrom('work_items').where('external_id', '=', '60001').execute();
    const linking = page({
      items: [item('60002', 'LOST-2')],
      links: [{ from: jira('60001'), to: jira('60002'), kind: 'blocks', origin: 'jira:issuelink' }],
      replaceLinksFor: [jira('60002')],
    });
    await expect(store.commitPage('jira', 'lost', linking, cursor(null))).rejects.toThrow();
    await store.commitPage('jira', 'lost', linking, cursor(null));
    const lost = await t.db.selectFrom('work_items').select(['id', 'placeholder']).where('external_id', '=', '60001').executeTakeFirstOrThrow();
    expect(lost.placeholder).toBe(true);
    expect(await t.db.selectFrom('item_links').select('from_item').where('from_item', '=', lost.id).execute()).toHaveLength(1);
  });

  it('tells about a link whose two different references resolve to the same item', async () => {
    const selfLinks: string[] = [];
    const store = createDbSyncStore(t.db, { onSelfLink: (l) => selfLinks.push(`${l.kind} ${l.origin}`) });
    await store.commitPage(
      'jira',
      'self-link-scope',
      page({
        items: [item('30001', 'SELF-1')],
        links: [{ from: jira('30001'), to: { sourceName: 'jira', key: 'SELF-1' }, kind: 'blocks', origin: 'jira:remotelink' }],
      }),
      cursor(null),
    );
    expect(selfLinks).toEqual(['blocks jira:remotelink']);
  });
});
