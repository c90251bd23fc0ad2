/**
 * The sync engine driven by a tracker that exists only in this test: an in-memory list of issues
 * behind a `TrackerAdapter`. If a third tracker needs more than an adapter, these tests cannot
 * be written.
 */
import { describe, expect, it } from 'vitest';
import type { NormalizedItem, SyncCursor } from '../../../../services/connectors/connector-types.js';
import type { QualityKind } from '../../../../services/connectors/data-quality.js';
import { EmptyScopeError } from '../../../../services/connectors/reconcile-guard.js';
import { createSyncEngine, planPass } from '../../../../services/connectors/sync-engine.js';
import type { SyncProgress } from '../../../../services/connectors/sync-types.js';
import type { Fate, FetchedPage, TrackerAdapter } from '../../../../services/connectors/tracker-adapter.js';
import { createMemorySyncStore } from '../../../helpers/memory-sync-store.js';

interface ToyProblem {
  readonly ticket: string;
  readonly text: string;
  readonly kind?: QualityKind;
}

interface ToyIssue {
  readonly id: string;
  readonly updated: Date;
  readonly gone?: 'deleted' | 'moved';
}

const NOW = new Date('2026-05-22T12:00:00Z');

function item(issue: ToyIssue): NormalizedItem {
  return {
    externalId: issue.id,
    key: `TOY-${issue.id}`,
    url: `https://toy.example/${issue.id}`,
    title: `Issue ${issue.id}`,
    type: 'task',
    status: 'Open',
    statusCategory: 'todo',
    teamExternalId: null,
    assignee: null,
    estimate: null,
    dueDate: null,
    labels: [],
    epic: null,
    project: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    startedAt: null,
    completedAt: null,
    sourceUpdatedAt: issue.updated,
    deleted: false,
    raw: {},
  };
}

/** A tracker with `issues`, paged two at a time; page tokens are offsets. */
function toyTracker(issues: ToyIssue[], options: { failAtToken?: string; lastPageTruncated?: boolean } = {}) {
  const requests: Array<{ token: string | null; basis: Date | null; keys: readonly string[] | null }> = [];
  let failures = options.failAtToken ? 1 : 0;
  const adapter: TrackerAdapter<ToyProblem, { readonly toyNote: string }> = {
    kind: 'jira',
    label: 'toy',
    sourceName: 'toy',
    scope: 'all',
    completedCursor: 'newest-update',
    async beginSync() {
      return {
        http: () => ({ requests: requests.length, rateLimitWaits: 0 }),
        pages: (query) => async (token): Promise<FetchedPage<ToyProblem>> => {
          requests.push({ token, basis: query.basis, keys: query.itemKeys });
          if (token === options.failAtToken && failures > 0) {
            failures--;
            throw new Error('toy tracker down');
          }
          const inScope = issues
            .filter((i) => !i.gone)
            .filter((i) => (query.itemKeys ? query.itemKeys.includes(i.id) : query.basis === null || i.updated >= query.basis));
          const offset = Number(token ?? 0);
          const slice = inScope.slice(offset, offset + 2);
          const more = offset + 2 < inScope.length;
          const truncated = more && options.lastPageTruncated === true;
          return {
            page: { items: slice.map(item), links: [], transitions: [], teams: [], replaceLinksFor: [] },
            problems: slice.filter((i) => i.id === '3').map((i) => ({ ticket: i.id, text: 'odd estimate', kind: 'sanitised' as const })),
            nextToken: more && !truncated ? String(offset + 2) : null,
            truncated,
            ids: slice.map((i) => i.id),
          };
        },
        extras: () => ({ toyNote: 'hello' }),
      };
    },
    async beginReconcile() {
      return {
        http: () => ({ requests: 1 }),
        listLiveIds: async () => new Set(issues.filter((i) => !i.gone).map((i) => i.id)),
        fatesOf: async (ids) => ids.map((id): Fate => (issues.find((i) => i.id === id)?.gone === 'moved' ? 'out_of_scope' : 'deleted')),
      };
    },
    isRejectedPageToken: () => false,
    problem: (subject, text, kind) => ({ ticket: subject ?? '?', text, kind }),
    truncationProblem: () => ({ ticket: '?', text: 'list truncated', kind: 'truncated' }),
    describeProblem: (p) => ({ fields: { ticket: p.ticket }, msg: p.text }),
  };
  return { adapter, requests };
}

const issues = (n: number): ToyIssue[] =>
  Array.from({ length: n }, (_, i) => ({ id: String(i + 1), updated: new Date(Date.UTC(2026, 4, 1 + i)) }));

const silent = { info() {}, warn() {}, error() {}, debug() {} };

describe('sync engine with a test-only adapter', () => {
  it('pages a full pass, stores every page with its cursor and reports a typed summary', async () => {
    const store = createMemorySyncStore();
    const toy = toyTracker(issues(5));
    const progress: SyncProgress[] = [];
    const engine = createSyncEngine(toy.adapter, { store, logger: silent, now: () => NOW, onProgress: (p) => progress.push(p) });
    const summary = await engine.sync({ mode: 'full' });
    expect(summary).toMatchObject({ mode: 'full', pages: 3, items: 5, sanitised: 1, dropped: 0, truncated: 0, toyNote: 'hello' });
    expect(summary.problems).toEqual([{ ticket: '3', text: 'odd estimate', kind: 'sanitised' }]);
    expect(progress.map((p) => p.items)).toEqual([2, 4, 5]);
    // The newest `updated` seen becomes the next pass's lower bound.
    expect(summary.cursor).toEqual({ updatedSince: new Date(Date.UTC(2026, 4, 5)), pageToken: null, passStartedAt: null });
    expect(store.items.size).toBe(5);
    expect(store.results.at(-1)).toMatchObject({ ok: true });
  });

  it('resumes an interrupted pass from the stored page token', async () => {
    const store = createMemorySyncStore();
    const toy = toyTracker(issues(6), { failAtToken: '4' });
    const engine = createSyncEngine(toy.adapter, { store, logger: silent, now: () => NOW });
    await expect(engine.sync({ mode: 'full' })).rejects.toThrow('toy tracker down');
    const stopped = await store.loadCursor('toy', 'all');
    expect(stopped).toEqual({ updatedSince: null, pageToken: '4', passStartedAt: NOW });
    expect(store.results.at(-1)).toMatchObject({ ok: false, error: 'toy tracker down' });

    const summary = await engine.sync({ mode: 'incremental' });
    expect(summary.pages).toBe(1);
    expect(toy.requests.at(-1)).toMatchObject({ token: '4', basis: null });
    expect(store.items.size).toBe(6);
  });

  it('leaves the cursor alone for a targeted refresh', async () => {
    const store = createMemorySyncStore();
    const toy = toyTracker(issues(4));
    const engine = createSyncEngine(toy.adapter, { store, logger: silent, now: () => NOW });
    const full = await engine.sync({ mode: 'full' });
    const targeted = await engine.sync({ mode: 'incremental', itemKeys: ['2'] });
    expect(targeted).toMatchObject({ mode: 'keys', items: 1 });
    expect(targeted.cursor).toEqual(full.cursor);
    expect(toy.requests.at(-1)).toMatchObject({ keys: ['2'], basis: null });
  });

  it('ends a pass whose tracker says "more" without a token, counting it as truncated', async () => {
    const store = createMemorySyncStore();
    const toy = toyTracker(issues(4), { lastPageTruncated: true });
    const summary = await createSyncEngine(toy.adapter, { store, logger: silent, now: () => NOW }).sync({ mode: 'full' });
    expect(summary).toMatchObject({ pages: 1, truncated: 1 });
  });

  it('reconciles: marks deleted and moved items, and refuses an empty live set', async () => {
    const store = createMemorySyncStore();
    const world = issues(4);
    const toy = toyTracker(world);
    const engine = createSyncEngine(toy.adapter, { store, logger: silent, now: () => NOW });
    await engine.sync({ mode: 'full' });
    world[0] = { ...world[0]!, gone: 'deleted' };
    world[1] = { ...world[1]!, gone: 'moved' };
    expect(await engine.reconcile()).toMatchObject({ live: 2, stored: 4, missing: 2, deleted: 1, outOfScope: 1 });
    expect(store.deletedReasons.get('toy:1')).toBe('deleted');
    expect(store.deletedReasons.get('toy:2')).toBe('out_of_scope');

    for (let i = 2; i < 4; i++) world[i] = { ...world[i]!, gone: 'deleted' };
    await expect(engine.reconcile()).rejects.toBeInstanceOf(EmptyScopeError);
    expect(store.deletedReasons.has('toy:3')).toBe(false);
  });
});

describe('planPass', () => {
  const now = new Date('2026-05-22T12:00:00Z');
  const done: SyncCursor = { updatedSince: new Date('2026-05-21T00:00:00Z'), pageToken: null, passStartedAt: null };
  const midFull: SyncCursor = { updatedSince: null, pageToken: 'c3', passStartedAt: new Date('2026-05-22T11:00:00Z') };
  const midIncremental: SyncCursor = { updatedSince: new Date('2026-05-21T00:00:00Z'), pageToken: 'c3', passStartedAt: new Date('2026-05-22T11:00:00Z') };

  it('starts incremental passes at the stored lower bound and full passes at nothing', () => {
    expect(planPass('incremental', false, done, now)).toEqual({ basis: done.updatedSince, resumeToken: null, passStartedAt: now });
    expect(planPass('full', false, done, now)).toMatchObject({ basis: null, resumeToken: null });
    expect(planPass('incremental', false, null, now)).toMatchObject({ basis: null, resumeToken: null });
  });

  it('resumes an interrupted pass with its original bound and start time', () => {
    expect(planPass('incremental', false, midIncremental, now)).toEqual({ basis: midIncremental.updatedSince, resumeToken: 'c3', passStartedAt: midIncremental.passStartedAt });
    expect(planPass('full', false, midFull, now)).toEqual({ basis: null, resumeToken: 'c3', passStartedAt: midFull.passStartedAt });
    // A full sync requested over an interrupted incremental pass starts over.
    expect(planPass('full', false, midIncremental, now)).toEqual({ basis: null, resumeToken: null, passStartedAt: now });
  });

  it('reads targeted items whatever their age, from the first page', () => {
    expect(planPass('incremental', true, midIncremental, now)).toEqual({ basis: null, resumeToken: null, passStartedAt: now });
  });
});
