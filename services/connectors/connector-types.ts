/**
 * Normalized records every connector produces and db/ stores. Trackers differ; these do not.
 * Convention for links: `{ from: A, to: B, kind: 'blocks' }` means A blocks B, i.e. B depends on A.
 * For `parent`, `from` is the parent (epic / parent issue) and `to` is the child.
 */
import type { QualityCounts } from './data-quality.js';

export type SourceKind = 'jira' | 'linear';
export type StatusCategory = 'todo' | 'in_progress' | 'done' | 'unknown';
export type LinkKind = 'blocks' | 'relates' | 'duplicates' | 'parent';

/**
 * Reference to an item, resolved to a row id by db/. A key reference is used where only the
 * human key is known (a Jira remote link to a Linear URL, a Linear attachment to a Jira URL);
 * db/ keeps a placeholder for it until the real item is synced, then merges them.
 */
export type ItemRef =
  | { readonly sourceName: string; readonly externalId: string; readonly key?: string }
  | { readonly sourceName: string; readonly key: string };

export interface NormalizedTeam {
  readonly externalId: string;
  readonly key: string;
  readonly name: string;
}

export interface NormalizedItem {
  readonly externalId: string;
  readonly key: string;
  readonly url: string;
  readonly title: string;
  readonly type: string | null;
  readonly status: string | null;
  readonly statusCategory: StatusCategory;
  /** Team external id within the same source (mapped from project/component/label/Team field). */
  readonly teamExternalId: string | null;
  readonly assignee: string | null;
  /** Story points / Linear estimate, or hours from original estimate converted to points by the connector's config. */
  readonly estimate: number | null;
  /** ISO date (YYYY-MM-DD). */
  readonly dueDate: string | null;
  readonly labels: readonly string[];
  /** Epic / Linear project the item belongs to (key or id), for program scoping. */
  readonly epic: string | null;
  readonly project: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly completedAt: Date | null;
  /** The tracker's own last-modified timestamp, drives incremental sync. */
  readonly sourceUpdatedAt: Date;
  readonly deleted: boolean;
  readonly raw: unknown;
}

export interface NormalizedLink {
  readonly from: ItemRef;
  readonly to: ItemRef;
  readonly kind: LinkKind;
  /** Where the link came from: 'jira:issuelink', 'jira:remotelink', 'linear:relation', 'linear:attachment', 'parent'. */
  readonly origin: string;
}

export interface NormalizedTransition {
  readonly item: ItemRef;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly toCategory: StatusCategory;
  readonly at: Date;
}

/**
 * What a link's payload says about its other end (Jira embeds summary, status and type of a
 * linked issue). It fills the placeholder of an item outside the synced scope; a synced item's
 * own row is never overwritten by it.
 */
export interface LinkedItemDetails {
  readonly ref: { readonly sourceName: string; readonly externalId: string; readonly key: string };
  readonly url: string;
  readonly title: string | null;
  readonly type: string | null;
  readonly status: string | null;
  readonly statusCategory: StatusCategory;
  readonly assignee: string | null;
}

/** A page of a sync, stored atomically together with the cursor that follows it. */
export interface SyncPage {
  readonly items: readonly NormalizedItem[];
  readonly links: readonly NormalizedLink[];
  readonly transitions: readonly NormalizedTransition[];
  readonly teams: readonly NormalizedTeam[];
  /**
   * Items whose link set this page fully describes. Links an item declared in an earlier sync are
   * replaced by this page's links that touch it (a link is declared by the item whose page carries it).
   */
  readonly replaceLinksFor: readonly ItemRef[];
  /** Details of linked items that may lie outside the synced scope (see LinkedItemDetails). */
  readonly linkedItems?: readonly LinkedItemDetails[];
}

/** Position of a source's sync, stored in sync_state. */
export interface SyncCursor {
  /** Tracker timestamp of the newest change fully stored. */
  readonly updatedSince: Date | null;
  /** Page token inside a running pass (Jira nextPageToken / Linear endCursor), null between passes. */
  readonly pageToken: string | null;
  /** Start of the running pass: becomes `updatedSince` (minus overlap) when the pass completes. */
  readonly passStartedAt: Date | null;
}

export interface SyncCounts {
  readonly items: number;
  readonly links: number;
  readonly transitions: number;
}

/**
 * What a connector needs from storage. db/ implements it; `commitPage` stores the page and
 * the cursor that follows it in one transaction, so a crash resumes from the last page stored.
 */
export interface SyncStore {
  loadCursor(sourceName: string, scope: string): Promise<SyncCursor | null>;
  commitPage(sourceName: string, scope: string, page: SyncPage, next: SyncCursor): Promise<SyncCounts>;
  /** External ids of the source's items not deleted, for the reconciliation pass. */
  listLiveExternalIds(sourceName: string): Promise<readonly string[]>;
  /** Marks items deleted (or out of scope), keeping their rows and history. */
  markDeleted(sourceName: string, externalIds: readonly string[], reason: 'deleted' | 'out_of_scope'): Promise<number>;
  /** `quality`: what the pass dropped, sanitised or found truncated, for the report's data-quality notes. */
  recordSyncResult(
    sourceName: string,
    scope: string,
    result: { ok: true; quality?: QualityCounts } | { ok: false; error: string; quality?: QualityCounts },
  ): Promise<void>;
}
