/**
 * The Jira Cloud connector: the sync engine driving the Jira adapter. `sync` runs full or
 * incremental passes, or a targeted refresh of some keys; `reconcile` marks issues that vanished
 * from scope.
 */
import type { SyncStore } from '../connector-types.js';
import { normalizeBaseUrl } from '../cross-links.js';
import type { FetchLike } from '../http-retry.js';
import type { RetryPolicy } from '../retry-policy.js';
import type { Timing } from '../rate-limit.js';
import { createSyncEngine } from '../sync-engine.js';
import { silentLogger, type ConnectorLogger, type SyncProgress, type SyncSummary, type TrackerConnector } from '../sync-types.js';
import { createJiraAdapter, type JiraSummaryExtras } from './jira-adapter.js';
import { defaultScope, jiraSourceOptionsSchema, type JiraSource, type JiraSourceOptionsInput } from './jira-options.js';
import { createJiraTransport } from './jira-transport.js';
import { createLinkTypeResolver } from './jira-link-types.js';
import type { Problem } from './jira-issue-normalize.js';

export type JiraSyncSummary = SyncSummary<Problem> & JiraSummaryExtras;

export type JiraConnector = TrackerConnector<JiraSyncSummary>;

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

export function createJiraConnector(deps: JiraConnectorDeps): JiraConnector {
  const options = jiraSourceOptionsSchema.parse(deps.options);
  const source = { ...deps.source, baseUrl: normalizeBaseUrl(deps.source.baseUrl) };
  const scope = defaultScope(options);
  const log = deps.logger ?? silentLogger;
  const transport = createJiraTransport({
    source,
    concurrency: options.concurrency,
    fetchImpl: deps.fetchImpl,
    retryPolicy: deps.retryPolicy,
    timing: deps.timing,
    random: deps.random,
    onRetry: (event) => log.warn({ source: source.name, ...event }, `retrying after ${event.reason}`),
  });
  const adapter = createJiraAdapter({
    sourceName: source.name,
    baseUrl: source.baseUrl,
    scope,
    options,
    client: transport.client,
    stats: transport.stats,
    crossLinkTargets: { linearWorkspaces: options.linearWorkspaces, jiraBaseUrls: deps.jiraBaseUrls ?? {} },
    resolveLinkType: createLinkTypeResolver(options.linkTypes),
    log,
  });
  const engine = createSyncEngine(adapter, { store: deps.store, logger: log, now: deps.now ?? (() => new Date()), onProgress: deps.onProgress });
  return { sourceName: source.name, scope, sync: engine.sync, reconcile: engine.reconcile };
}
