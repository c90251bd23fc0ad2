/**
 * Kysely table types for the whole data model (DESIGN.md, "Data model").
 * `date` columns come back as ISO strings (`YYYY-MM-DD`): both drivers are told so in connection.ts.
 */
import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';
import type { TrackRecord } from '../services/backtest/track-record.js';

import type { QualityCounts } from '../services/connectors/data-quality.js';

type Timestamps = {
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
type NullableIsoDateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export type SourceKindColumn = 'jira' | 'linear';
export type StatusCategoryColumn = 'todo' | 'in_progress' | 'done' | 'unknown';
export type LinkKindColumn = 'blocks' | 'relates' | 'duplicates' | 'parent';
export type ColourColumn = 'green' | 'yellow' | 'red';
export type SeverityColumn = 'low' | 'medium' | 'high' | 'critical';
export type AudienceColumn = 'tpm' | 'leadership' | 'team';
export type DeliveryStatusColumn = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface SourcesTable extends Timestamps {
  id: Generated<number>;
  name: string;
  kind: SourceKindColumn;
  base_url: string;
  /** Name of the environment variable holding the secret — never the secret itself. */
  credentials_ref: string | null;
}

export interface TeamsTable extends Timestamps {
  id: Generated<number>;
  source_id: number;
  external_id: string;
  key: string;
  name: string;
  timezone: Generated<string>;
  calendar: JSONColumnType<{ weekendDays: number[]; holidays: string[] }, string | undefined, string>;
}

export interface WorkItemsTable extends Timestamps {
  id: Generated<number>;
  source_id: number;
  external_id: string;
  key: string;
  url: string | null;
  title: string;
  type: string | null;
  status: string | null;
  status_category: StatusCategoryColumn;
  team_id: number | null;
  assignee: string | null;
  estimate: number | null;
  due_date: NullableIsoDateColumn;
  labels: ColumnType<string[], string[] | undefined, string[]>;
  epic: string | null;
  project: string | null;
  source_created_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  source_updated_at: Date | null;
  deleted: Generated<boolean>;
  deleted_reason: string | null;
  placeholder: Generated<boolean>;
  raw: JSONColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ItemLinksTable extends Timestamps {
  id: Generated<number>;
  from_item: number;
  to_item: number;
  kind: LinkKindColumn;
  origin: string;
  /** The item whose tracker page reported this link; its next sync replaces what it declared. */
  declared_by: number | null;
}

export interface StatusTransitionsTable extends Timestamps {
  id: Generated<number>;
  item_id: number;
  from_status: string | null;
  to_status: string;
  to_category: StatusCategoryColumn;
  at: Date;
}

/** Issue 25: the latest backtest track record per program. */
export interface TrackRecordsTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  computed_at: Date;
  data: JSONColumnType<TrackRecord, string, string>;
}

export interface SyncStateTable extends Timestamps {
  id: Generated<number>;
  source_id: number;
  scope: string;
  updated_since: Date | null;
  page_token: string | null;
  pass_started_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  items_synced: Generated<number>;
  links_synced: Generated<number>;
  transitions_synced: Generated<number>;
  /** {dropped, sanitised, truncated} of the last sync (migration 0026). */
  last_quality: ColumnType<QualityCounts | null, string | null | undefined, string | null>;
}

export interface ProgramsTable extends Timestamps {
  id: Generated<number>;
  name: string;
  scope: JSONColumnType<Record<string, unknown>>;
  target_date: NullableIsoDateColumn;
  timezone: string;
  owner: string | null;
}

export interface SnapshotsTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  /** ISO week of the snapshot in the program's timezone, e.g. `2026-W48`: one snapshot a week. */
  period: string;
  taken_at: Date;
  colour: ColourColumn;
  confidence: number | null;
  p50: NullableIsoDateColumn;
  p85: NullableIsoDateColumn;
  p95: NullableIsoDateColumn;
  projected_finish: NullableIsoDateColumn;
  /** The program's target date when the snapshot was taken (it moves when the config does). */
  target_date: NullableIsoDateColumn;
  /** The program's scope definition (config) when the snapshot was taken; null before migration 0018. */
  scope_definition: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  critical_path: JSONColumnType<string[]>;
  metrics: JSONColumnType<Record<string, unknown>>;
}

export interface RisksTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  /**
   * Stable identity of a detected risk: rule + subject item (+ the rule's own key), never the
   * changing set of blockers, so rebuilds update rather than duplicate.
   */
  identity: string;
  rule: string;
  subject_items: JSONColumnType<string[]>;
  severity: SeverityColumn;
  owner: string | null;
  title: string;
  evidence: JSONColumnType<Record<string, unknown>>;
  first_seen: Date;
  last_seen: Date;
  resolved_at: Date | null;
  mitigation: string | null;
  owner_override: string | null;
  acknowledged_by: string | null;
}

export interface SubscriptionsTable extends Timestamps {
  id: Generated<number>;
  email: string;
  program_id: number;
  audience: AudienceColumn;
  cadence: string;
  timezone: string;
  active: Generated<boolean>;
  unsubscribe_token_hash: string | null;
  origin: Generated<string>;
  /** Added through the API for an address outside the allowed domains; inactive until confirmed. */
  pending_confirmation: Generated<boolean>;
  /** Alert preferences (services/alerts), validated on read; null: weekly email only. */
  alerts: JSONColumnType<object | null, string | null | undefined, string | null>;
  /** For the `team` audience: the team whose report this subscriber gets. */
  team: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeliveriesTable extends Timestamps {
  id: Generated<number>;
  subscription_id: number;
  period: string;
  status: DeliveryStatusColumn;
  attempts: Generated<number>;
  message_id: string;
  error: string | null;
  sent_at: Date | null;
}

/** Write-back state per program and item (issue 20, migration 0020). */
export interface WritebackItemsTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  item_id: number;
  /** The tracker's id of the one Seams status comment on this item. */
  comment_id: string | null;
  /** sha256 of the body last written, so an unchanged text is not written again. */
  body_hash: string | null;
  /** Whether the item was in the write-back set when its comment was last written. */
  in_set: Generated<boolean>;
  /** The label Seams added and has not removed yet. */
  label: string | null;
  /** Graph ids of the open blockers seen at the last rebuild. */
  open_blockers: JSONColumnType<string[], string | undefined, string>;
  unblock_comment_id: string | null;
  unblocked_at: Date | null;
}

export interface WritebackRunsTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  mode: 'dry-run' | 'on';
  ran_at: Date;
  summary: JSONColumnType<Record<string, unknown>>;
}

export type RiskReviewStatusColumn = 'open' | 'mitigating' | 'accepted' | 'closed';

/** A person's review of a risk; a risk without a row is open and not snoozed. */
export interface RiskReviewsTable extends Timestamps {
  risk_id: number;
  status: RiskReviewStatusColumn;
  snooze_until: NullableIsoDateColumn;
  closed_at: Date | null;
}

export interface DecisionsTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  question: string;
  options: JSONColumnType<string[]>;
  recommendation: string | null;
  decider: string | null;
  due_date: NullableIsoDateColumn;
  risk_ids: JSONColumnType<number[]>;
  item_keys: JSONColumnType<string[]>;
  origin: string | null;
  status: 'open' | 'decided';
  outcome: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  created_by: string;
}

/** Every human change (and every reopening by the engine): who, when, old → new. */
export interface ChangeLogTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  entity: 'risk' | 'decision';
  entity_id: number;
  actor: string;
  at: Date;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export interface Database {
  sources: SourcesTable;
  teams: TeamsTable;
  work_items: WorkItemsTable;
  item_links: ItemLinksTable;
  status_transitions: StatusTransitionsTable;
  sync_state: SyncStateTable;
  programs: ProgramsTable;
  snapshots: SnapshotsTable;
  risks: RisksTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  dashboard_revocations: DashboardRevocationsTable;
  writeback_items: WritebackItemsTable;
  writeback_runs: WritebackRunsTable;
  track_records: TrackRecordsTable;
  rebuild_graphs: RebuildGraphsTable;
  alert_events: AlertEventsTable;
  risk_reviews: RiskReviewsTable;
  decisions: DecisionsTable;
  change_log: ChangeLogTable;
}

/** `slot` is an ISO week (`2026-W49`) or `latest`; graph and attribution are validated on read. */
export interface RebuildGraphsTable extends Timestamps {
  program_id: number;
  slot: string;
  taken_at: Date;
  graph: JSONColumnType<object, string, string>;
  attribution: JSONColumnType<object | null, string | null, string | null>;
  colour: string | null;
  confidence: number | null;
  p85: NullableIsoDateColumn;
}

export interface AlertEventsTable extends Timestamps {
  id: Generated<number>;
  program_id: number;
  payload: JSONColumnType<object, string, string>;
}

/** Logged-out sessions and used login links, by SHA-256 of the token, until they would expire anyway. */
export interface DashboardRevocationsTable extends Timestamps {
  token_hash: string;
  expires_at: Date;
}

export type SourceRow = Selectable<SourcesTable>;
export type WorkItemRow = Selectable<WorkItemsTable>;
export type NewWorkItem = Insertable<WorkItemsTable>;
export type ProgramRow = Selectable<ProgramsTable>;
export type SnapshotRow = Selectable<SnapshotsTable>;
export type RiskRow = Selectable<RisksTable>;
export type RiskUpdate = Updateable<RisksTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type SyncStateRow = Selectable<SyncStateTable>;
export type StoredDecisionRow = Selectable<DecisionsTable>;
export type ChangeLogRow = Selectable<ChangeLogTable>;
