/**
 * Plain-data inputs and outputs of the backtest. A backtest replays stored history: every item
 * with its status changes and the field changes that move scope (fix versions), size (estimate)
 * and links, so the state of any past day can be rebuilt without looking past that day.
 */
import type { LinkKind, StatusCategory } from '../connectors/connector-types.js';
import type { IsoDate } from '../graph/graph-types.js';

export interface StatusChange {
  readonly at: Date;
  readonly toStatus: string;
  readonly toCategory: StatusCategory;
}

/**
 * A change of a tracked field, oldest first. Set-valued fields (fix versions) record one value
 * added (`to`) or removed (`from`) per change, as Jira's changelog does.
 */
export interface FieldChange {
  readonly at: Date;
  readonly field: 'fixVersion' | 'estimate';
  readonly from: string | null;
  readonly to: string | null;
}

export interface ItemHistory {
  /** Graph id (`<source>:<externalId>`). */
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly team: string | null;
  readonly createdAt: Date;
  /** Status and category when the item was created (before its first status change). */
  readonly initialStatus: string;
  readonly initialCategory: StatusCategory;
  readonly statusChanges: readonly StatusChange[];
  /** Current values; earlier values are recovered by undoing later field changes. */
  readonly estimate: number | null;
  readonly fixVersions: readonly string[];
  /** Current parent / epic key. */
  readonly epic: string | null;
  /** When the item was finished, if it is done now (the tracker's resolution date). */
  readonly completedAt: Date | null;
  readonly fieldChanges: readonly FieldChange[];
}

export interface LinkHistory {
  readonly from: string;
  readonly to: string;
  readonly kind: LinkKind;
  /** When the link was added, when the changelog says so; null = as old as its items. */
  readonly addedAt: Date | null;
}

export interface ReleaseInfo {
  readonly name: string;
  /** Release date; null when unreleased or undated. */
  readonly releaseDate: IsoDate | null;
}

/** What a backtest forecasts: a released version or an epic (its children). */
export type BacktestTarget =
  | { readonly kind: 'version'; readonly name: string; readonly releaseDate: IsoDate | null }
  | { readonly kind: 'epic'; readonly key: string };

export interface BacktestHistory {
  readonly items: readonly ItemHistory[];
  readonly links: readonly LinkHistory[];
  readonly versions: readonly ReleaseInfo[];
}
