/**
 * The sync engine: one implementation of a sync pass and a reconciliation pass for every tracker.
 * A tracker plugs in as a `TrackerAdapter` (tracker-adapter.ts); see README.md in this folder.
 *
 * Cursor rules (SyncCursor in connector-types.ts):
 * - inside a pass: `{updatedSince: <the pass's basis>, pageToken: <next page>, passStartedAt}`;
 *   the adapter's query is a function of the basis, so a restart rebuilds the same query and
 *   resumes from the stored token;
 * - at the end: `{updatedSince: <see completedCursor>, pageToken: null, passStartedAt: null}`.
 * - a stored token means a pass was interrupted: an incremental request resumes it, and so does a
 *   full one if the interrupted pass was itself full. A targeted refresh leaves the cursor alone.
 */
import type { SyncCounts, SyncCursor, SyncStore } from './connector-types.js';
import { createCursorGuard } from './cursor-guard.js';
import { countQuality, type QualityCounts } from './data-quality.js';
import { failsAtOnce } from './page-pipeline.js';
import { assertLiveSetPlausible } from './reconcile-guard.js';
import { sanitizeSyncPage } from './sync-page-sanitize.js';
import { isStorableInstant } from './value-sanitize.js';
import type { FetchedPage, PageFetcher, PassQuery, SyncSession, TrackerAdapter } from './tracker-adapter.js';
import type { ConnectorLogger, ReconcileSummary, SyncProblemBase, SyncProgress, SyncRequest, SyncSummary } from './sync-types.js';

/** How far ahead of our clock a tracker's may run; a later last-modified time is clock skew or garbage. */
const MAX_CLOCK_AHEAD_MS = 60 * 60_000;

const EMPTY_CURSOR: SyncCursor = { updatedSince: null, pageToken: null, passStartedAt: null };

export interface SyncEngineDeps {
  readonly store: SyncStore;
  readonly logger: ConnectorLogger;
  /** The pass's start (stored in the cursor). */
  readonly now: () => Date;
  /** Milliseconds for durations; defaults to `Date.now`. */
  readonly clockMs?: (() => number) | undefined;
  /** Called after every stored page. */
  readonly onProgress?: ((progress: SyncProgress) => void) | undefined;
}

export interface SyncEngine<P, X> {
  sync(request: SyncRequest): Promise<SyncSummary<P> & X>;
  reconcile(): Promise<ReconcileSummary>;
}

export function createSyncEngine<P extends SyncProblemBase, X extends object>(adapter: TrackerAdapter<P, X>, deps: SyncEngineDeps): SyncEngine<P, X> {
  const { store, logger: log } = deps;
  const { sourceName, scope } = adapter;
  const ctx = { source: sourceName, scope };
  const clockMs = deps.clockMs ?? Date.now;

  async function sync(request: SyncRequest): Promise<SyncSummary<P> & X> {
    const started = clockMs();
    const targeted = request.itemKeys !== undefined && request.itemKeys.length > 0;
    const mode: SyncSummary['mode'] = targeted ? 'keys' : request.mode;
    const totals = { pages: 0, items: 0, links: 0, transitions: 0 };
    const problems: P[] = [];
    let session: SyncSession<P, X> | null = null;
    const progress = (): SyncProgress => ({ ...totals, ...httpOf(session) });
    log.info({ ...ctx, mode }, `${adapter.label} sync started`);
    try {
      const begun = await adapter.beginSync();
      session = begun;
      const pass = (itemKeys: readonly string[] | null) =>
        runPass(begun, request.mode, itemKeys, (counts, found) => {
          totals.pages++;
          totals.items += counts.items;
          totals.links += counts.links;
          totals.transitions += counts.transitions;
          problems.push(...found);
          for (const problem of found) {
            const { fields, msg } = adapter.describeProblem(problem);
            log.warn({ source: sourceName, ...fields }, msg);
          }
          const p = progress();
          log.info({ ...ctx, ...p }, `${adapter.label} sync page committed`);
          deps.onProgress?.(p);
        });
      let cursor: SyncCursor;
      const keys = targeted ? (request.itemKeys ?? []) : null;
      try {
        cursor = await pass(keys);
      } catch (error) {
        const live = keys && begun.liveItemKeys ? await begun.liveItemKeys(keys, error) : null;
        if (live === null) throw error;
        cursor = live.length > 0 ? await pass(live) : ((await store.loadCursor(sourceName, scope)) ?? EMPTY_CURSOR);
      }
      const quality = countQuality(problems);
      await store.recordSyncResult(sourceName, scope, { ok: true, quality });
      const summary = { mode, ...progress(), ...quality, durationMs: clockMs() - started, problems, cursor, ...begun.extras() };
      log.info({ ...ctx, mode, ...progress(), ...quality, durationMs: summary.durationMs, problems: problems.length }, `${adapter.label} sync finished`);
      return summary;
    } catch (error) {
      await recordFailure('sync', error, countQuality(problems));
      throw error;
    }
  }

  interface PreparedPage {
    readonly fetched: FetchedPage<P>;
    readonly problems: readonly P[];
  }

  async function runPass(session: SyncSession<P, X>, requested: SyncRequest['mode'], itemKeys: readonly string[] | null, onStored: (counts: SyncCounts, problems: readonly P[]) => void): Promise<SyncCursor> {
    const stored = (await store.loadCursor(sourceName, scope)) ?? EMPTY_CURSOR;
    const targeted = itemKeys !== null;
    const { basis, resumeToken, passStartedAt } = planPass(requested, targeted, stored, deps.now());
    const resume = resumeToken !== null;
    if (resume) log.info(ctx, 'resuming interrupted pass from stored page token');
    const query: PassQuery = { basis, itemKeys };
    const fetchPage: PageFetcher<P> = session.pages(query);
    const guard = createCursorGuard(sourceName, 'issues', resumeToken);

    // Pages are prepared strictly in order (one ahead at most), so the guard sees them in order.
    const prepare = (fetched: FetchedPage<P>): PreparedPage => {
      const problems: P[] = [...fetched.problems];
      if (fetched.nextToken !== null) guard.advance(fetched.nextToken, fetched.ids);
      else if (fetched.truncated) problems.push(adapter.truncationProblem());
      const sanitized = sanitizeSyncPage(fetched.page);
      for (const p of sanitized.problems) problems.push(adapter.problem(p.subject, p.reason, p.kind));
      return { fetched: { ...fetched, page: sanitized.page }, problems };
    };
    const fetchFirstPage = async (): Promise<FetchedPage<P>> => {
      try {
        return await fetchPage(resumeToken);
      } catch (error) {
        if (!(resume && adapter.isRejectedPageToken(error))) throw error;
        log.warn(ctx, 'stored page token rejected (expired?); restarting the pass');
        return fetchPage(null);
      }
    };

    let maxUpdated: Date | null = null;
    const commit = async ({ fetched, problems }: PreparedPage): Promise<SyncCursor> => {
      if (adapter.completedCursor === 'newest-update') {
        const newest = newestBelievableUpdate(fetched.page.items, passStartedAt);
        if (newest.future.length > 0) log.warn({ source: sourceName, issues: newest.future }, 'issues claim an update time in the future; the sync cursor ignores it');
        if (newest.at && (!maxUpdated || newest.at > maxUpdated)) maxUpdated = newest.at;
      }
      const completedAt = adapter.completedCursor === 'newest-update' ? (laterOf(maxUpdated, basis) ?? passStartedAt) : passStartedAt;
      const next: SyncCursor = targeted
        ? stored
        : fetched.nextToken !== null
          ? { updatedSince: basis, pageToken: fetched.nextToken, passStartedAt }
          : { updatedSince: completedAt, pageToken: null, passStartedAt: null };
      const counts = await store.commitPage(sourceName, scope, fetched.page, next);
      fetched.onStored?.();
      onStored(counts, problems);
      return next;
    };

    // Page N is committed while page N+1 is fetched and fully built (follow-up requests included):
    // the tracker and the database work side by side. One page ahead at most, so memory stays
    // bounded, and commits stay in page order, so the cursor rules above hold unchanged.
    let current = prepare(await fetchFirstPage());
    for (;;) {
      const committing = commit(current);
      let ahead: Promise<PreparedPage> | null = null;
      const nextToken = current.fetched.nextToken;
      try {
        // A store that refuses the page outright fails within this tick: no further requests then.
        if (nextToken !== null && !(await failsAtOnce(committing))) {
          ahead = fetchPage(nextToken).then(prepare);
          ahead.catch(() => undefined);
        }
        const cursor = await committing;
        if (!ahead) return cursor;
      } catch (error) {
        // Do not return while a request of this pass is still in flight.
        await ahead?.catch(() => undefined);
        throw error;
      }
      current = await ahead;
    }
  }

  async function reconcile(): Promise<ReconcileSummary> {
    const started = clockMs();
    try {
      const session = await adapter.beginReconcile();
      const live = await session.listLiveIds();
      const stored = await store.listLiveExternalIds(sourceName);
      const missing = stored.filter((id) => !live.has(id));
      assertLiveSetPlausible(sourceName, live.size, stored.length);
      const fates = await session.fatesOf(missing);
      const deletedIds = missing.filter((_, i) => fates[i] === 'deleted');
      const outIds = missing.filter((_, i) => fates[i] === 'out_of_scope');
      const deleted = deletedIds.length > 0 ? await store.markDeleted(sourceName, deletedIds, 'deleted') : 0;
      const outOfScope = outIds.length > 0 ? await store.markDeleted(sourceName, outIds, 'out_of_scope') : 0;
      const summary: ReconcileSummary = {
        live: live.size,
        stored: stored.length,
        missing: missing.length,
        deleted,
        outOfScope,
        requests: session.http().requests,
        durationMs: clockMs() - started,
      };
      log.info({ ...ctx, ...summary }, `${adapter.label} reconciliation finished`);
      return summary;
    } catch (error) {
      await recordFailure('reconciliation', error);
      throw error;
    }
  }

  async function recordFailure(what: 'sync' | 'reconciliation', error: unknown, quality?: QualityCounts): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ ...ctx, error: message }, `${adapter.label} ${what} failed`);
    try {
      await store.recordSyncResult(sourceName, scope, quality ? { ok: false, error: message, quality } : { ok: false, error: message });
    } catch (recordError) {
      log.error({ ...ctx, error: recordError instanceof Error ? recordError.message : String(recordError) }, 'could not record the sync failure');
    }
  }

  return { sync, reconcile };
}

export interface PassPlan {
  /** Lower bound of the tracker's last-modified time (before its overlap), null for everything. */
  readonly basis: Date | null;
  /** Page token of an interrupted pass to resume from, null to start at the first page. */
  readonly resumeToken: string | null;
  readonly passStartedAt: Date;
}

/**
 * Decides where a pass starts. A stored `pageToken` means a pass was interrupted: an incremental
 * request resumes it, and so does a full one if the interrupted pass was itself full. A targeted
 * refresh reads its items whatever their age.
 */
export function planPass(mode: SyncRequest['mode'], targeted: boolean, cursor: SyncCursor | null, now: Date): PassPlan {
  if (targeted) return { basis: null, resumeToken: null, passStartedAt: now };
  if (cursor?.pageToken && (mode === 'incremental' || cursor.updatedSince === null)) {
    return { basis: cursor.updatedSince, resumeToken: cursor.pageToken, passStartedAt: cursor.passStartedAt ?? now };
  }
  return { basis: mode === 'full' ? null : (cursor?.updatedSince ?? null), resumeToken: null, passStartedAt: now };
}

function httpOf(session: { http(): { readonly requests: number; readonly rateLimitWaits: number } } | null): { rateLimitWaits: number; requests: number } {
  const http = session?.http();
  return { rateLimitWaits: http?.rateLimitWaits ?? 0, requests: http?.requests ?? 0 };
}

/**
 * The newest last-modified time of a page that can be trusted as the next cursor. One issue dated
 * in the future (a skewed clock, an import) would otherwise move the cursor past every real change.
 */
function newestBelievableUpdate(
  items: readonly { readonly key: string; readonly sourceUpdatedAt: Date }[],
  passStartedAt: Date,
): { at: Date | null; future: string[] } {
  const limit = passStartedAt.getTime() + MAX_CLOCK_AHEAD_MS;
  let at: Date | null = null;
  const future: string[] = [];
  for (const item of items) {
    // A date Postgres cannot store (year 0, past 9999) would fail the cursor's own write.
    if (!isStorableInstant(item.sourceUpdatedAt)) continue;
    if (item.sourceUpdatedAt.getTime() > limit) future.push(item.key);
    else if (!at || item.sourceUpdatedAt > at) at = item.sourceUpdatedAt;
  }
  return { at, future };
}

function laterOf(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
