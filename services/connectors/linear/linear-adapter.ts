/**
 * Linear as a `TrackerAdapter`: pages of the configured teams' issues ordered by `updatedAt` (with
 * follow-ups for nested lists that did not fit), the scope's ids for reconciliation, and what
 * became of a missing issue. Each sync and each reconciliation gets a fresh transport, so its
 * request counts and rate-limit budget are its own.
 */
import type { CrossLinkTargets } from '../cross-links.js';
import { createCursorGuard } from '../cursor-guard.js';
import { createHttpStats, type HttpStats, type RetryPolicy } from '../retry-policy.js';
import type { Timing } from '../rate-limit.js';
import type { ConnectorLogger } from '../sync-types.js';
import type { Fate, FetchedPage, TrackerAdapter } from '../tracker-adapter.js';
import { ISSUE_IDS_QUERY, ISSUES_FATE_QUERY } from './documents.js';
import { fetchIssuePage, type SyncProblem } from './linear-issue-pages.js';
import { buildSyncPage } from './linear-normalize.js';
import type { LinearSource, LinearSourceOptions } from './linear-options.js';
import { issueIdsPageSchema, issuesFateSchema } from './linear-payload.js';
import { resolveProjectIds } from './linear-projects.js';
import { createLinearTransport, type LinearTransport } from './linear-transport.js';

/** Ids per reconciliation page: ids only, so Linear's largest page is cheap. */
const ID_PAGE = 250;
/** Missing ids looked up per request. */
const FATE_BATCH = 100;

export interface LinearAdapterDeps {
  readonly source: LinearSource;
  readonly scope: string;
  readonly options: LinearSourceOptions;
  /** Issues per page, already capped to stay within Linear's query complexity limit. */
  readonly pageSize: number;
  readonly timing: Timing;
  readonly random?: (() => number) | undefined;
  readonly retryPolicy?: Partial<RetryPolicy> | undefined;
  readonly log: ConnectorLogger;
}

export function createLinearAdapter(deps: LinearAdapterDeps): TrackerAdapter<SyncProblem, object> {
  const { source, options, log } = deps;
  const targets: CrossLinkTargets = { jiraBaseUrls: options.jiraSites };
  const teamFilter: Record<string, unknown> = { team: { key: { in: options.teams } } };
  /** The scope as an IssueFilter; configured project names are resolved to ids (one query per call). */
  const scopeFilterFor = async (transport: LinearTransport): Promise<Record<string, unknown>> =>
    options.projects ? { ...teamFilter, project: { id: { in: await resolveProjectIds(transport, source.name, options.projects) } } } : teamFilter;
  const newTransport = (stats: HttpStats) =>
    createLinearTransport({
      sourceName: source.name,
      apiKey: source.apiKey,
      apiUrl: source.apiUrl,
      stats,
      timing: deps.timing,
      random: deps.random,
      policy: deps.retryPolicy,
      onRetry: (event) => log.warn({ source: source.name, ...event }, 'Linear request retried'),
    });

  async function listLiveIds(transport: LinearTransport, scopeFilter: Readonly<Record<string, unknown>>): Promise<Set<string>> {
    const live = new Set<string>();
    const guard = createCursorGuard(source.name, 'issue ids for reconciliation');
    let after: string | null = null;
    for (;;) {
      const data = issueIdsPageSchema.parse(await transport.request(ISSUE_IDS_QUERY, { filter: scopeFilter, first: ID_PAGE, after }));
      for (const node of data.issues.nodes) live.add(node.id);
      const { hasNextPage, endCursor } = data.issues.pageInfo;
      if (!hasNextPage) return live;
      // A truncated id list would make every issue after it look deleted.
      if (!endCursor) throw new Error(`Linear source "${source.name}": the id listing said more ids follow but gave no cursor; reconciliation stopped`);
      guard.advance(endCursor, data.issues.nodes.map((node) => node.id));
      after = endCursor;
    }
  }

  async function fatesOf(transport: LinearTransport, missing: readonly string[]): Promise<Fate[]> {
    const fates: Fate[] = [];
    for (let i = 0; i < missing.length; i += FATE_BATCH) {
      const batch = missing.slice(i, i + FATE_BATCH);
      const data = issuesFateSchema.parse(await transport.request(ISSUES_FATE_QUERY, { filter: { id: { in: batch } }, first: batch.length }));
      const found = new Map(data.issues.nodes.map((node) => [node.id, node]));
      for (const id of batch) {
        const node = found.get(id);
        // Not found at all: deleted for good (or no longer visible to this key, which is the same to us).
        // Still live: it moved to another team or left the configured projects.
        fates.push(!node || node.archivedAt || node.trashed ? 'deleted' : 'out_of_scope');
      }
    }
    return fates;
  }

  return {
    kind: 'linear',
    label: 'Linear',
    sourceName: source.name,
    scope: deps.scope,
    // The `updatedAt` filter runs on Linear's clock: the pass start (minus the overlap) re-reads
    // whatever changed while the pass ran.
    completedCursor: 'pass-start',
    async beginSync() {
      const stats = createHttpStats();
      const transport = newTransport(stats);
      const scopeFilter = await scopeFilterFor(transport);
      return {
        http: () => ({ requests: stats.requests, rateLimitWaits: stats.rateLimitWaits }),
        pages(query) {
          const filter: Record<string, unknown> = { ...scopeFilter };
          if (query.itemKeys) filter.id = { in: [...query.itemKeys] };
          if (query.basis) filter.updatedAt = { gte: new Date(query.basis.getTime() - options.overlapMinutes * 60_000).toISOString() };
          return async (after): Promise<FetchedPage<SyncProblem>> => {
            const page = await fetchIssuePage(transport, { filter, first: deps.pageSize, after, includeArchived: options.includeArchived }, source.name);
            const nextToken = page.hasNextPage && page.endCursor ? page.endCursor : null;
            return {
              page: buildSyncPage(source.name, page.issues, targets),
              problems: page.problems,
              nextToken,
              truncated: page.hasNextPage && nextToken === null,
              ids: page.issues.map((issue) => issue.id),
            };
          };
        },
        extras: () => ({}),
      };
    },
    async beginReconcile() {
      const stats = createHttpStats();
      const transport = newTransport(stats);
      const scopeFilter = await scopeFilterFor(transport);
      return {
        http: () => ({ requests: stats.requests }),
        listLiveIds: () => listLiveIds(transport, scopeFilter),
        fatesOf: (missing) => fatesOf(transport, missing),
      };
    },
    // Linear answers an unknown cursor with an error that a restart would not cure differently.
    isRejectedPageToken: () => false,
    problem: (subject, message, kind) => ({ identifier: subject, message, kind }),
    truncationProblem: () => ({
      identifier: null,
      message: 'issue list truncated: Linear said there were more pages but gave no cursor; the pass ends here',
      kind: 'truncated',
    }),
    describeProblem: (problem) => ({ fields: problem, msg: 'Linear issue payload problem' }),
  };
}
