/**
 * The Jira Cloud connector: `sync` (full or incremental passes, or a targeted refresh of some
 * keys) and `reconcile` (marking issues that vanished from scope). All tracker I/O goes through
 * jira.js endpoint functions over our retrying transport; all storage through `SyncStore`.
 */
import type { Client } from 'jira.js/core';
import { z } from 'zod';
import { getIssue, searchAndReconsileIssuesUsingJqlPost } from 'jira.js/cloud';
import type { SyncCursor, SyncStore } from '../connector-types.js';
import { TrackerRequestError } from '../connector-errors.js';
import { createCursorGuard } from '../cursor-guard.js';
import { countQuality, type QualityCounts } from '../data-quality.js';
import { normalizeBaseUrl, type CrossLinkTargets } from '../cross-links.js';
import { assertLiveSetPlausible } from '../reconcile-guard.js';
import type { FetchLike, RetryPolicy } from '../http-retry.js';
import { mapWithConcurrency, type Timing } from '../rate-limit.js';
import { defaultScope, jiraSourceOptionsSchema, type JiraSource, type JiraSourceOptionsInput } from './jira-options.js';
import { createJiraTransport } from './jira-transport.js';
import { loadJiraMetadata } from './jira-metadata.js';
import { createLinkTypeResolver } from './jira-link-types.js';
import { scopeClause } from './jira-jql.js';
import { runPass, type PassCounters } from './jira-sync-pass.js';
import type { Problem } from './jira-issue-normalize.js';
import { searchPageSchema } from './jira-payload-schemas.js';

/** pino-compatible: `(fields, message)`. */
export interface ConnectorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface SyncProgress {
  readonly pages: number;
  readonly items: number;
  readonly links: number;
  readonly transitions: number;
  readonly rateLimitWaits: number;
  readonly requests: number;
}

export interface UnknownLinkType {
  readonly name: string;
  /** Link ends skipped (a link between two synced issues is seen from both). */
  readonly links: number;
}

export interface JiraSyncSummary extends SyncProgress, QualityCounts {
  readonly mode: 'full' | 'incremental' | 'keys';
  readonly durationMs: number;
  readonly problems: readonly Problem[];
  /** Issue link types this sync met and did not understand (see `linkTypes`); their links were skipped. */
  readonly unknownLinkTypes: readonly UnknownLinkType[];
  readonly cursor: SyncCursor;
}

export interface JiraReconcileSummary {
  /** Issues the scope's search returns now. */
  readonly live: number;
  /** Live (not deleted) items the store held. */
  readonly stored: number;
  readonly deleted: number;
  readonly outOfScope: number;
  readonly requests: number;
  readonly durationMs: number;
}

export interface JiraSyncRequest {
  readonly mode: 'full' | 'incremental';
  /** Refresh just these issue keys (webhooks); the cursor is left where it is. */
  readonly keys?: readonly string[];
}

export interface JiraConnector {
  readonly sourceName: string;
  readonly scope: string;
  sync(request: JiraSyncRequest): Promise<JiraSyncSummary>;
  reconcile(): Promise<JiraReconcileSummary>;
}

export interface JiraConnectorDeps {
  readonly source: JiraSource;
  readonly options: JiraSourceOptionsInput;
  readonly store: SyncStore;
  readonly logger?: ConnectorLogger;
  readonly fetchImpl?: FetchLike;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly retryPolicy?: Partial<RetryPolicy>;
  readonly timing?: Timing;
  readonly random?: () => number;
  readonly now?: () => Date;
  /** Other Jira sites' base URL → source name, to resolve remote links between Jira sites. */
  readonly jiraBaseUrls?: Readonly<Record<string, string>>;
}

const silentLogger: ConnectorLogger = { info() {}, warn() {}, error() {}, debug() {} };
const RECONCILE_PAGE = 5000;

export function createJiraConnector(deps: JiraConnectorDeps): JiraConnector {
  const options = jiraSourceOptionsSchema.parse(deps.options);
  const source = { ...deps.source, baseUrl: normalizeBaseUrl(deps.source.baseUrl) };
  const scope = defaultScope(options);
  const log = deps.logger ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const transport = createJiraTransport({
    source,
    concurrency: options.concurrency,
    ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
    ...(deps.retryPolicy ? { retryPolicy: deps.retryPolicy } : {}),
    ...(deps.timing ? { timing: deps.timing } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    onRetry: (event) => log.warn({ source: source.name, ...event }, `retrying after ${event.reason}`),
  });
  const client: Client = transport.client;
  const stats = transport.stats;
  const crossLinkTargets: CrossLinkTargets = { linearWorkspaces: options.linearWorkspaces, jiraBaseUrls: deps.jiraBaseUrls ?? {} };
  const ctx = { source: source.name, scope };
  const resolveLinkType = createLinkTypeResolver(options.linkTypes);

  async function sync(asked: JiraSyncRequest): Promise<JiraSyncSummary> {
    const started = Date.now();
    const before = { ...stats };
    const counters: PassCounters = { pages: 0, items: 0, links: 0, transitions: 0, problems: [], unknownLinkTypes: new Map() };
    const progress = (): SyncProgress => ({
      pages: counters.pages,
      items: counters.items,
      links: counters.links,
      transitions: counters.transitions,
      rateLimitWaits: stats.rateLimitWaits - before.rateLimitWaits,
      requests: stats.requests - before.requests,
    });
    const mode = asked.keys && asked.keys.length > 0 ? 'keys' : asked.mode;
    log.info({ ...ctx, mode }, 'jira sync started');
    try {
      const metadata = await loadJiraMetadata(client, options, { warn: (m) => log.warn(ctx, m) });
      const extraFields = [
        ...new Set([...metadata.storyPointsFieldIds, ...Object.values(options.storyPointsFieldByProject), ...(metadata.teamFieldId ? [metadata.teamFieldId] : [])]),
      ];
      const pass = (request: JiraSyncRequest) =>
        runPass(
          {
            client,
            store: deps.store,
            sourceName: source.name,
            scope,
            options,
            timeZone: metadata.timeZone,
            extraFields,
            page: {
              client,
              normalize: { sourceName: source.name, baseUrl: source.baseUrl, options, metadata, resolveLinkType },
              options,
              crossLinkTargets,
            },
            log,
            now,
            afterPage: () => {
              const p = progress();
              log.info({ ...ctx, ...p }, 'jira sync page committed');
              deps.onProgress?.(p);
            },
          },
          request,
          counters,
        );
      let cursor: SyncCursor;
      try {
        cursor = await pass(asked);
      } catch (error) {
        // JQL rejects the whole `issuekey in (...)` query when one key no longer exists (a webhook
        // for a deleted issue): only then look the keys up one by one and retry with the live ones.
        if (mode !== 'keys' || !(error instanceof TrackerRequestError) || error.status !== 400) throw error;
        const live = await existingKeys(asked.keys ?? []);
        cursor =
          live.length > 0
            ? await pass({ ...asked, keys: live })
            : ((await deps.store.loadCursor(source.name, scope)) ?? { updatedSince: null, pageToken: null, passStartedAt: null });
      }
      const quality = countQuality(counters.problems);
      await deps.store.recordSyncResult(source.name, scope, { ok: true, quality });
      const unknownLinkTypes = [...counters.unknownLinkTypes].map(([name, links]) => ({ name, links }));
      const summary: JiraSyncSummary = { mode, ...progress(), ...quality, durationMs: Date.now() - started, problems: counters.problems, unknownLinkTypes, cursor };
      if (unknownLinkTypes.length > 0) {
        log.warn({ ...ctx, unknownLinkTypes }, `links of unknown types skipped: ${unknownLinkTypes.map((t) => `"${t.name}" (${t.links})`).join(', ')}; map them under linkTypes`);
      }
      log.info({ ...ctx, ...progress(), ...quality, durationMs: summary.durationMs, problems: counters.problems.length }, 'jira sync finished');
      return summary;
    } catch (error) {
      await recordFailure(error, countQuality(counters.problems));
      throw error;
    }
  }

  async function reconcile(): Promise<JiraReconcileSummary> {
    const started = Date.now();
    const requestsBefore = stats.requests;
    try {
      const live = await listLiveIds();
      const stored = await deps.store.listLiveExternalIds(source.name);
      const missing = stored.filter((id) => !live.has(id));
      assertLiveSetPlausible(source.name, live.size, stored.length);
      const verdicts = await mapWithConcurrency(missing, options.concurrency, (id) => verdictFor(id));
      const deletedIds = missing.filter((_, i) => verdicts[i] === 'deleted');
      const outIds = missing.filter((_, i) => verdicts[i] === 'out_of_scope');
      const deleted = deletedIds.length ? await deps.store.markDeleted(source.name, deletedIds, 'deleted') : 0;
      const outOfScope = outIds.length ? await deps.store.markDeleted(source.name, outIds, 'out_of_scope') : 0;
      const summary = { live: live.size, stored: stored.length, deleted, outOfScope, requests: stats.requests - requestsBefore, durationMs: Date.now() - started };
      log.info({ ...ctx, ...summary }, 'jira reconciliation finished');
      return summary;
    } catch (error) {
      await recordFailure(error);
      throw error;
    }
  }

  /**
   * The keys that still exist, under their current key (a moved issue answers under its old key
   * with its new one). Deleted ones are left to the reconciliation pass, which knows their ids.
   */
  async function existingKeys(keys: readonly string[]): Promise<string[]> {
    const found = await mapWithConcurrency([...new Set(keys)], options.concurrency, async (key) => {
      try {
        const issue = keyOnly.safeParse(await getIssue(client, { issueIdOrKey: key, fields: ['project'] }));
        return issue.success ? issue.data.key : key;
      } catch (error) {
        if (error instanceof TrackerRequestError && error.status === 404) {
          log.info({ ...ctx, key }, 'webhook key no longer exists; reconciliation will mark it');
          return null;
        }
        throw error;
      }
    });
    return [...new Set(found.filter((k): k is string => k !== null))];
  }

  /** Ids only: Jira answers up to 5000 per page when no fields are asked for. */
  async function listLiveIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    const guard = createCursorGuard(source.name, 'issue ids for reconciliation');
    let token: string | undefined;
    do {
      const page = searchPageSchema.parse(
        await searchAndReconsileIssuesUsingJqlPost(client, {
          jql: `${scopeClause(options.projects)} ORDER BY id ASC`,
          fields: ['id'],
          maxResults: RECONCILE_PAGE,
          ...(token ? { nextPageToken: token } : {}),
        }),
      );
      const pageIds: string[] = [];
      for (const issue of page.issues) {
        const id = idOnly.safeParse(issue);
        if (id.success) pageIds.push(id.data.id);
      }
      for (const id of pageIds) ids.add(id);
      token = page.isLast === true ? undefined : page.nextPageToken ?? undefined;
      if (token) guard.advance(token, pageIds);
      // A truncated id list would make every issue after it look deleted.
      else if (page.isLast === false) throw new Error(`Jira source "${source.name}": the scope search said more ids follow but gave no nextPageToken; reconciliation stopped`);
    } while (token);
    return ids;
  }

  /** A stored issue missing from the scope search: gone (404), moved out of scope, or just not indexed yet. */
  async function verdictFor(id: string): Promise<'deleted' | 'out_of_scope' | 'live'> {
    try {
      const issue = projectOnly.safeParse(await getIssue(client, { issueIdOrKey: id, fields: ['project'] }));
      const projectKey = issue.success ? issue.data.fields.project?.key : undefined;
      return projectKey && options.projects.includes(projectKey) ? 'live' : 'out_of_scope';
    } catch (error) {
      if (error instanceof TrackerRequestError && error.status === 404) return 'deleted';
      throw error;
    }
  }

  async function recordFailure(error: unknown, quality?: QualityCounts): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ ...ctx, error: message }, 'jira sync failed');
    try {
      await deps.store.recordSyncResult(source.name, scope, { ok: false, error: message, ...(quality ? { quality } : {}) });
    } catch (recordError) {
      log.error({ ...ctx, error: recordError instanceof Error ? recordError.message : String(recordError) }, 'could not record the sync failure');
    }
  }

  return { sourceName: source.name, scope, sync, reconcile };
}

const idOnly = z.object({ id: z.union([z.string(), z.number()]).transform(String) }).loose();
const projectOnly = z.object({ fields: z.object({ project: z.object({ key: z.string() }).loose().nullish() }).loose() }).loose();
const keyOnly = z.object({ key: z.string() }).loose();
