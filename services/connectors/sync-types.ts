/**
 * The shapes every tracker sync shares: what is asked (`SyncRequest`), what is reported while it
 * runs (`SyncProgress`) and when it ends (`SyncSummary`, `ReconcileSummary`), and the logger it
 * writes through. Declared once here; adapters and callers import them.
 */
import { z } from 'zod';
import type { SyncCursor } from './connector-types.js';
import type { QualityCounts, QualityKind } from './data-quality.js';

export interface SyncRequest {
  readonly mode: 'full' | 'incremental';
  /**
   * Targeted refresh (webhooks): just these items — Jira issue keys, Linear issue ids. The cursor
   * is left where it is.
   */
  readonly itemKeys?: readonly string[] | undefined;
}

/**
 * A source option every tracker has: the cursor's scope in sync_state. Each tracker derives a
 * default from its configured scope (projects, teams), so a changed scope starts a fresh cursor.
 */
export const cursorScopeOption = z.string().min(1).optional();

/** pino-compatible: `(fields, message)`. */
export interface ConnectorLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export const silentLogger: ConnectorLogger = { info() {}, warn() {}, error() {}, debug() {} };

/** Running totals of a sync, reported after every stored page (a type, so it reads as a plain record of numbers). */
export type SyncProgress = {
  readonly pages: number;
  readonly items: number;
  readonly links: number;
  readonly transitions: number;
  readonly rateLimitWaits: number;
  /** HTTP requests sent, retries included. */
  readonly requests: number;
};

/** What a sync did; `P` is the tracker's problem record (it names issues the tracker's way). */
export interface SyncSummary<P = SyncProblemBase> extends SyncProgress, QualityCounts {
  readonly mode: 'full' | 'incremental' | 'keys';
  readonly durationMs: number;
  readonly problems: readonly P[];
  /** The cursor stored after the last page (unchanged by a targeted refresh). */
  readonly cursor: SyncCursor;
}

/** The least every problem record carries: a kind when data was lost or changed on the way in. */
export interface SyncProblemBase {
  readonly kind?: QualityKind | undefined;
}

/** A tracker source's connector: the sync engine bound to its adapter. */
export interface TrackerConnector<S extends SyncSummary<SyncProblemBase> = SyncSummary> {
  readonly sourceName: string;
  /** The cursor's scope in sync_state. */
  readonly scope: string;
  sync(request: SyncRequest): Promise<S>;
  /** Marks stored items that are gone from the tracker (deleted) or from the scope. */
  reconcile(): Promise<ReconcileSummary>;
}

export interface ReconcileSummary {
  /** Items the tracker lists in scope now. */
  readonly live: number;
  /** Live (not deleted) items the store held. */
  readonly stored: number;
  /** Stored items the scope listing no longer had. */
  readonly missing: number;
  readonly deleted: number;
  readonly outOfScope: number;
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  readonly durationMs: number;
}
