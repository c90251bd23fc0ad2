/**
 * What the sync engine needs from a tracker: fetch a page of normalized records, list the ids in
 * scope, say what became of ids that left it, and classify the few errors the engine reacts to.
 * Everything else — cursor and resume, the page pipeline, sanitising, stall guards, reconcile
 * guards, progress, summaries, failure recording — is the engine's (sync-engine.ts).
 */
import type { SourceKind, SyncPage } from './connector-types.js';
import type { QualityKind } from './data-quality.js';
import type { SyncProblemBase } from './sync-types.js';

/** What a pass reads: changes since `basis` (minus the tracker's overlap), or just `itemKeys`. */
export interface PassQuery {
  /** Lower bound of the tracker's last-modified time; null reads everything in scope. */
  readonly basis: Date | null;
  /** A targeted refresh; null for a full or incremental pass. */
  readonly itemKeys: readonly string[] | null;
}

export interface FetchedPage<P> {
  /** Normalized records; the engine sanitises them before they are stored. */
  readonly page: SyncPage;
  readonly problems: readonly P[];
  /** Token of the next page; null on the last page (or when the tracker gave none). */
  readonly nextToken: string | null;
  /** The tracker said more pages follow but gave no token: the rest of the list cannot be read. */
  readonly truncated: boolean;
  /** Ids of the records the page carried, for the stall guard (see cursor-guard.ts). */
  readonly ids: readonly string[];
  /** Runs once the page is stored (tracker-specific bookkeeping, e.g. skipped-link warnings). */
  readonly onStored?: () => void;
}

export type PageFetcher<P> = (pageToken: string | null) => Promise<FetchedPage<P>>;

/** One sync of a tracker: set up per sync (metadata, scope filter, a fresh transport). */
export interface SyncSession<P, X> {
  /** Fetches pages of one pass; may be called twice in a sync (see `liveItemKeys`). */
  pages(query: PassQuery): PageFetcher<P>;
  /** HTTP counters of this sync so far. */
  http(): { readonly requests: number; readonly rateLimitWaits: number };
  /**
   * A targeted refresh failed with `error`: return the keys still worth asking for (maybe none),
   * or null when the error has nothing to do with the keys and must propagate.
   */
  liveItemKeys?(keys: readonly string[], error: unknown): Promise<readonly string[] | null>;
  /** Tracker-specific fields of the summary. */
  extras(): X;
}

export type Fate = 'deleted' | 'out_of_scope' | 'live';

export interface ReconcileSession {
  /** Ids of every item in scope now. Must throw rather than return a truncated list. */
  listLiveIds(): Promise<ReadonlySet<string>>;
  /** What became of stored items missing from the scope listing, in the order given. */
  fatesOf(ids: readonly string[]): Promise<readonly Fate[]>;
  http(): { readonly requests: number };
}

export interface TrackerAdapter<P extends SyncProblemBase, X = object> {
  readonly kind: SourceKind;
  /** Name used in logs (`jira`, `Linear`). */
  readonly label: string;
  readonly sourceName: string;
  readonly scope: string;
  /**
   * Where a completed pass leaves `updatedSince`: the newest believable last-modified time seen
   * (a tracker whose query resolution loses nothing that way), or the pass's start.
   */
  readonly completedCursor: 'newest-update' | 'pass-start';
  beginSync(): Promise<SyncSession<P, X>>;
  beginReconcile(): Promise<ReconcileSession>;
  /** True when the tracker rejected a stored page token (expired): the pass restarts from its first page. */
  isRejectedPageToken(error: unknown): boolean;
  /** The tracker's problem record for something the engine found. */
  problem(subject: string | null, reason: string, kind: QualityKind): P;
  /** A truncation problem worded for this tracker. */
  truncationProblem(): P;
  /** How a problem is logged: fields and message. */
  describeProblem(problem: P): { readonly fields: object; readonly msg: string };
}
