/**
 * The Linear connector: the sync engine driving the Linear adapter. `sync` runs full or
 * incremental passes, or a targeted refresh of some issue ids; `reconcile` marks issues that were
 * deleted, archived, trashed or moved out of scope.
 */
import type { SyncStore } from '../connector-types.js';
import type { RetryPolicy } from '../retry-policy.js';
import { realTiming, type Timing } from '../rate-limit.js';
import { createSyncEngine } from '../sync-engine.js';
import { silentLogger, type ConnectorLogger, type SyncProgress, type SyncSummary, type TrackerConnector } from '../sync-types.js';
import type { SyncProblem } from './linear-issue-pages.js';
import { createLinearAdapter } from './linear-adapter.js';
import { defaultScope, linearSourceOptionsSchema, MAX_SAFE_PAGE_SIZE, type LinearSource, type LinearSourceOptionsInput } from './linear-options.js';

export type LinearSyncSummary = SyncSummary<SyncProblem>;

export type LinearConnector = TrackerConnector<LinearSyncSummary>;

export interface LinearConnectorDeps {
  readonly source: LinearSource;
  readonly options: LinearSourceOptionsInput;
  readonly store: SyncStore;
  readonly logger?: ConnectorLogger;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Clock and sleep; tests inject a fake one so rate-limit waits cost no time. */
  readonly timing?: Timing;
  readonly random?: () => number;
  readonly retryPolicy?: Partial<RetryPolicy>;
}

export function createLinearConnector(deps: LinearConnectorDeps): LinearConnector {
  const options = linearSourceOptionsSchema.parse(deps.options);
  const log = deps.logger ?? silentLogger;
  const timing = deps.timing ?? realTiming;
  const scope = defaultScope(options);
  const pageSize = Math.min(options.pageSize, MAX_SAFE_PAGE_SIZE);
  if (pageSize < options.pageSize) {
    log.warn({ source: deps.source.name, pageSize: options.pageSize, used: pageSize }, 'Linear page size lowered to stay within the query complexity limit');
  }
  const adapter = createLinearAdapter({ source: deps.source, scope, options, pageSize, timing, random: deps.random, retryPolicy: deps.retryPolicy, log });
  const engine = createSyncEngine(adapter, {
    store: deps.store,
    logger: log,
    now: () => new Date(timing.now()),
    clockMs: () => timing.now(),
    onProgress: deps.onProgress,
  });
  return { sourceName: deps.source.name, scope, sync: engine.sync, reconcile: engine.reconcile };
}
