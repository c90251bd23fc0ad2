/**
 * Reconciliation: incremental sync only sees issues that still match the filter, so issues that
 * were deleted, archived, trashed or moved out of the configured teams would linger. This pass
 * lists the live ids in scope (cheap pages of ids), compares them with the store, and asks Linear
 * what became of the missing ones to record why they left.
 */
import type { SyncStore } from '../connector-types.js';
import { createCursorGuard } from '../cursor-guard.js';
import type { Timing } from '../rate-limit.js';
import { assertLiveSetPlausible } from '../reconcile-guard.js';
import { ISSUE_IDS_QUERY, ISSUES_FATE_QUERY } from './documents.js';
import { issueIdsPageSchema, issuesFateSchema } from './linear-payload.js';
import type { LinearTransport } from './linear-transport.js';

/** Ids per reconciliation page: ids only, so Linear's largest page is cheap. */
const ID_PAGE = 250;
/** Missing ids looked up per request. */
const FATE_BATCH = 100;

export interface LinearReconcileSummary {
  /** Live issues Linear reports in scope. */
  readonly live: number;
  /** Stored live items that Linear no longer reports in scope. */
  readonly missing: number;
  readonly deleted: number;
  readonly outOfScope: number;
  readonly requests: number;
  readonly durationMs: number;
}

export interface ReconcileDeps {
  readonly sourceName: string;
  readonly store: Pick<SyncStore, 'listLiveExternalIds' | 'markDeleted'>;
  readonly transport: LinearTransport;
  readonly scopeFilter: Readonly<Record<string, unknown>>;
  readonly timing: Timing;
  readonly logger?: { info(obj: object, msg?: string): void };
}

export async function reconcileLinear(deps: ReconcileDeps): Promise<LinearReconcileSummary> {
  const startedMs = deps.timing.now();
  let requests = 0;
  const live = new Set<string>();
  const guard = createCursorGuard(deps.sourceName, 'issue ids for reconciliation');
  let after: string | null = null;
  for (;;) {
    const data = issueIdsPageSchema.parse(await deps.transport.request(ISSUE_IDS_QUERY, { filter: deps.scopeFilter, first: ID_PAGE, after }));
    requests++;
    for (const node of data.issues.nodes) live.add(node.id);
    const { hasNextPage, endCursor } = data.issues.pageInfo;
    if (!hasNextPage) break;
    // A truncated id list would make every issue after it look deleted.
    if (!endCursor) throw new Error(`Linear source "${deps.sourceName}": the id listing said more ids follow but gave no cursor; reconciliation stopped`);
    guard.advance(endCursor, data.issues.nodes.map((node) => node.id));
    after = endCursor;
  }

  const stored = await deps.store.listLiveExternalIds(deps.sourceName);
  assertLiveSetPlausible(deps.sourceName, live.size, stored.length);
  const missing = stored.filter((id) => !live.has(id));
  const deleted: string[] = [];
  const outOfScope: string[] = [];
  for (let i = 0; i < missing.length; i += FATE_BATCH) {
    const batch = missing.slice(i, i + FATE_BATCH);
    const data = issuesFateSchema.parse(await deps.transport.request(ISSUES_FATE_QUERY, { filter: { id: { in: batch } }, first: batch.length }));
    requests++;
    const found = new Map(data.issues.nodes.map((node) => [node.id, node]));
    for (const id of batch) {
      const node = found.get(id);
      // Not found at all: deleted for good (or no longer visible to this key, which is the same to us).
      if (!node || node.archivedAt || node.trashed) deleted.push(id);
      // Still live: it moved to another team or left the configured projects.
      else outOfScope.push(id);
    }
  }
  const deletedCount = deleted.length > 0 ? await deps.store.markDeleted(deps.sourceName, deleted, 'deleted') : 0;
  const outCount = outOfScope.length > 0 ? await deps.store.markDeleted(deps.sourceName, outOfScope, 'out_of_scope') : 0;
  const summary: LinearReconcileSummary = {
    live: live.size,
    missing: missing.length,
    deleted: deletedCount,
    outOfScope: outCount,
    requests,
    durationMs: deps.timing.now() - startedMs,
  };
  deps.logger?.info({ source: deps.sourceName, ...summary }, 'Linear reconciliation finished');
  return summary;
}
