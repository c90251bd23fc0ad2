/**
 * The Linear connector: pages issues of the configured teams ordered by `updatedAt`, stores each
 * page together with the cursor that follows it, and reconciles deletions and scope changes.
 *
 * Cursor: during a pass, `pageToken` is the endCursor of the last stored page and `updatedSince`
 * stays the pass's lower bound, so a crashed pass resumes where it stopped with the same filter.
 * The last page sets `updatedSince` to the pass start (the filter subtracts the overlap), so items
 * that changed while the pass ran are read again by the next one.
 */
import type { SyncCursor, SyncPage, SyncStore } from '../connector-types.js';
import type { CrossLinkTargets } from '../cross-links.js';
import { createCursorGuard } from '../cursor-guard.js';
import { countQuality } from '../data-quality.js';
import { sanitizeSyncPage } from '../sync-page-sanitize.js';
import { createHttpStats, type RetryPolicy } from '../http-retry.js';
import { realTiming, type Timing } from '../rate-limit.js';
import { fetchIssuePage, type SyncProblem } from './linear-issue-pages.js';
import { buildSyncPage } from './linear-normalize.js';
import { defaultScope, linearSourceOptionsSchema, MAX_SAFE_PAGE_SIZE, type LinearSource, type LinearSourceOptionsInput } from './linear-options.js';
import { reconcileLinear, type LinearReconcileSummary } from './linear-reconcile.js';
import { resolveProjectIds } from './linear-projects.js';
import { createLinearTransport, type LinearTransport } from './linear-transport.js';
import { failsAtOnce } from '../page-pipeline.js';

/** The slice of pino the connector logs through. */
export interface ConnectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface LinearSyncProgress {
  readonly pages: number;
  readonly items: number;
  readonly requests: number;
}

export interface LinearSyncRequest {
  readonly mode: 'full' | 'incremental';
  /** Sync only these issues (Linear UUIDs), e.g. from a webhook; the cursor is left as it is. */
  readonly ids?: readonly string[];
}

export interface LinearSyncSummary {
  readonly pages: number;
  readonly items: number;
  readonly links: number;
  readonly transitions: number;
  readonly rateLimitWaits: number;
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  readonly durationMs: number;
  readonly problems: readonly SyncProblem[];
  /** Records not stored (unreadable issues and entries, self-relations, unstorable ids). */
  readonly dropped: number;
  /** Values stored changed (unreadable fields emptied, unstorable characters removed). */
  readonly sanitised: number;
  /** Lists Linear said had more, without a cursor to read it. */
  readonly truncated: number;
}

export interface LinearConnector {
  readonly scope: string;
  sync(request: LinearSyncRequest): Promise<LinearSyncSummary>;
  reconcile(): Promise<LinearReconcileSummary>;
}

export interface LinearConnectorDeps {
  readonly source: LinearSource;
  readonly options: LinearSourceOptionsInput;
  readonly store: SyncStore;
  readonly logger?: ConnectorLogger;
  readonly onProgress?: (progress: LinearSyncProgress) => void;
  /** Clock and sleep; tests inject a fake one so rate-limit waits cost no time. */
  readonly timing?: Timing;
  readonly random?: () => number;
  readonly retryPolicy?: Partial<RetryPolicy>;
}

export function createLinearConnector(deps: LinearConnectorDeps): LinearConnector {
  const options = linearSourceOptionsSchema.parse(deps.options);
  const { source, store, logger } = deps;
  const timing = deps.timing ?? realTiming;
  const scope = defaultScope(options);
  const pageSize = Math.min(options.pageSize, MAX_SAFE_PAGE_SIZE);
  if (pageSize < options.pageSize) {
    logger?.warn({ source: source.name, pageSize: options.pageSize, used: pageSize }, 'Linear page size lowered to stay within the query complexity limit');
  }
  const targets: CrossLinkTargets = { jiraBaseUrls: options.jiraSites };
  const teamFilter: Record<string, unknown> = { team: { key: { in: options.teams } } };
  /** The scope as an IssueFilter; configured project names are resolved to ids (one query per call). */
  const scopeFilterFor = async (transport: LinearTransport): Promise<Record<string, unknown>> =>
    options.projects ? { ...teamFilter, project: { id: { in: await resolveProjectIds(transport, source.name, options.projects) } } } : teamFilter;

  const newTransport = (stats: ReturnType<typeof createHttpStats>) =>
    createLinearTransport({
      sourceName: source.name,
      apiKey: source.apiKey,
      ...(source.apiUrl ? { apiUrl: source.apiUrl } : {}),
      stats,
      timing,
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.retryPolicy ? { policy: deps.retryPolicy } : {}),
      onRetry: (event) => logger?.warn({ source: source.name, ...event }, 'Linear request retried'),
    });

  async function sync(request: LinearSyncRequest): Promise<LinearSyncSummary> {
    const startedMs = timing.now();
    const stats = createHttpStats();
    const transport = newTransport(stats);
    const problems: SyncProblem[] = [];
    const totals = { pages: 0, items: 0, links: 0, transitions: 0 };
    const recordProblems = (found: readonly SyncProblem[]): void => {
      problems.push(...found);
      for (const problem of found) logger?.warn({ source: source.name, ...problem }, 'Linear issue payload problem');
    };
    try {
      const cursor = await store.loadCursor(source.name, scope);
      const plan = planPass(request, cursor, timing.now());
      const filter: Record<string, unknown> = { ...(await scopeFilterFor(transport)) };
      if (request.ids) filter.id = { in: [...request.ids] };
      if (plan.since) filter.updatedAt = { gte: new Date(plan.since.getTime() - options.overlapMinutes * 60_000).toISOString() };
      const guard = createCursorGuard(source.name, 'issues', plan.after);
      const prepare = async (after: string | null): Promise<PreparedPage> => {
        const page = await fetchIssuePage(transport, { filter, first: pageSize, after, includeArchived: options.includeArchived }, source.name);
        const pageProblems: SyncProblem[] = [...page.problems];
        let endCursor: string | null = null;
        if (page.hasNextPage && page.endCursor) {
          guard.advance(page.endCursor, page.issues.map((issue) => issue.id));
          endCursor = page.endCursor;
        } else if (page.hasNextPage) {
          pageProblems.push({ identifier: null, message: 'issue list truncated: Linear said there were more pages but gave no cursor; the pass ends here', kind: 'truncated' });
        }
        const sanitized = sanitizeSyncPage(buildSyncPage(source.name, page.issues, targets));
        for (const p of sanitized.problems) pageProblems.push({ identifier: p.subject, message: p.reason, kind: p.kind });
        return { syncPage: sanitized.page, problems: pageProblems, endCursor };
      };
      const commit = async (page: PreparedPage): Promise<void> => {
        const next: SyncCursor = plan.targeted
          ? plan.unchanged
          : page.endCursor === null
            ? { updatedSince: plan.passStartedAt, pageToken: null, passStartedAt: null }
            : { updatedSince: plan.since, pageToken: page.endCursor, passStartedAt: plan.passStartedAt };
        const counts = await store.commitPage(source.name, scope, page.syncPage, next);
        recordProblems(page.problems);
        totals.pages++;
        totals.items += counts.items;
        totals.links += counts.links;
        totals.transitions += counts.transitions;
        deps.onProgress?.({ pages: totals.pages, items: totals.items, requests: stats.requests });
      };
      // Page N is stored while page N+1 is fetched (follow-ups included) and normalized. One page
      // ahead at most, and pages commit in order, so the cursor rules above hold unchanged.
      let upcoming: Promise<PreparedPage> | null = prepare(plan.after);
      while (upcoming) upcoming = (await commitWhilePreparingNext(await upcoming, commit, prepare)).ahead;
      await store.recordSyncResult(source.name, scope, { ok: true, quality: countQuality(problems) });
    } catch (error) {
      await store
        .recordSyncResult(source.name, scope, { ok: false, error: error instanceof Error ? error.message : String(error), quality: countQuality(problems) })
        .catch(() => undefined);
      throw error;
    }
    const summary: LinearSyncSummary = {
      ...totals,
      rateLimitWaits: stats.rateLimitWaits,
      requests: stats.requests,
      durationMs: timing.now() - startedMs,
      problems,
      ...countQuality(problems),
    };
    logger?.info({ source: source.name, scope, mode: request.mode, ...summary, problems: problems.length }, 'Linear sync finished');
    return summary;
  }

  return {
    scope,
    sync,
    reconcile: async () => {
      const transport = newTransport(createHttpStats());
      return reconcileLinear({
        sourceName: source.name,
        store,
        transport,
        scopeFilter: await scopeFilterFor(transport),
        timing,
        ...(logger ? { logger } : {}),
      });
    },
  };
}

interface PreparedPage {
  readonly syncPage: SyncPage;
  readonly problems: readonly SyncProblem[];
  /** Where the next page starts; null when this is the last page. */
  readonly endCursor: string | null;
}

/**
 * Commits `current` and meanwhile starts preparing the page after it; resolves once `current` is
 * stored, with that preparation (null after the last page). A failed commit is reported
 * only after the request in flight has settled, so nothing of the pass outlives the call.
 */
async function commitWhilePreparingNext(
  current: PreparedPage,
  commit: (page: PreparedPage) => Promise<void>,
  prepare: (after: string) => Promise<PreparedPage>,
): Promise<{ readonly ahead: Promise<PreparedPage> | null }> {
  const committing = commit(current);
  let ahead: Promise<PreparedPage> | null = null;
  try {
    // A store that refuses the page outright fails within this tick: no further requests then.
    if (current.endCursor !== null && !(await failsAtOnce(committing))) {
      ahead = prepare(current.endCursor);
      ahead.catch(() => undefined);
    }
    await committing;
    return { ahead };
  } catch (error) {
    await ahead?.catch(() => undefined);
    throw error;
  }
}

interface PassPlan {
  /** Lower bound of `updatedAt` (before the overlap), null for everything. */
  readonly since: Date | null;
  readonly after: string | null;
  readonly passStartedAt: Date;
  /** A sync of given ids: stores what it reads, leaves the cursor alone. */
  readonly targeted: boolean;
  readonly unchanged: SyncCursor;
}

/**
 * Decides where a pass starts. A stored `pageToken` means a pass was interrupted: an incremental
 * request resumes it, and so does a full one if the interrupted pass was itself full.
 */
export function planPass(request: LinearSyncRequest, cursor: SyncCursor | null, nowMs: number): PassPlan {
  const now = new Date(nowMs);
  const unchanged: SyncCursor = cursor ?? { updatedSince: null, pageToken: null, passStartedAt: null };
  if (request.ids) return { since: null, after: null, passStartedAt: now, targeted: true, unchanged };
  const interrupted = cursor?.pageToken ? cursor : null;
  if (interrupted && (request.mode === 'incremental' || interrupted.updatedSince === null)) {
    return { since: interrupted.updatedSince, after: interrupted.pageToken, passStartedAt: interrupted.passStartedAt ?? now, targeted: false, unchanged };
  }
  const since = request.mode === 'full' ? null : (cursor?.updatedSince ?? null);
  return { since, after: null, passStartedAt: now, targeted: false, unchanged };
}
