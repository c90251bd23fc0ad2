/**
 * What report view models are built from: the stored snapshots, risk register and sync status
 * of one program, as plain data. db/ assembles it (rebuild stores SnapshotData in snapshots,
 * whose shape db/snapshot-shape.ts owns); view models are pure functions of it.
 */
import type { QualityCounts } from '../connectors/data-quality.js';
import type { SnapshotData, SnapshotSummary } from '../../db/snapshot-shape.js';
import type { Attribution } from '../whatif/attribution.js';
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import type { Severity } from '../risk/risk-types.js';
import type { WritebackRunView } from '../writeback/writeback-notes.js';
import type { TrackRecord } from '../backtest/track-record.js';
import type { DecisionRecord } from '../register/register-types.js';
import type { RiskReviewStatus } from '../register/register-types.js';

/** Snapshots are stored shapes: db/ owns them, reports read them. */
export type { SnapshotData, SnapshotDownstream, SnapshotItem, SnapshotPlan, SnapshotSummary } from '../../db/snapshot-shape.js';

export interface ProgramInfo {
  readonly name: string;
  readonly title: string;
  readonly owner: string;
  readonly targetDate: IsoDate | null;
  readonly timezone: string;
  readonly decisions: readonly { readonly title: string; readonly owner: string; readonly dueDate: IsoDate }[];
  readonly raci?: Raci;
}

/** Who is Responsible (per team or workstream), Accountable, Consulted and Informed. */
export interface Raci {
  readonly accountable?: string | undefined;
  readonly responsible: Readonly<Record<string, string>>;
  readonly consulted: readonly string[];
  readonly informed: readonly string[];
}

export type RiskStatus = 'new' | 'escalated' | 'open' | 'resolved';

export interface RiskRegisterEntry {
  readonly identity: string;
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  /** Human override when set, else the detected owner. */
  readonly owner: string | null;
  readonly subjectIds: readonly string[];
  readonly evidence: string;
  readonly mitigation: string | null;
  readonly needBy: IsoDate | null;
  /** Working days of slip at P85 the risk explains on the program finish. */
  readonly impactDays: number;
  /** Crosses a team boundary or the program's scope. */
  readonly crossTeam: boolean;
  readonly firstSeen: IsoDateTime;
  readonly lastSeen: IsoDateTime;
  readonly resolvedAt: IsoDateTime | null;
  readonly acknowledgedBy: string | null;
  /** new = first seen this period; escalated = severity rose since last period; resolved this period. */
  readonly status: RiskStatus;
  /** What people decided about the risk (absent for data that predates the register workflow). */
  readonly review?: RiskReview;
}

export interface RiskReview {
  readonly id: number;
  readonly status: RiskReviewStatus;
  readonly snoozeUntil: IsoDate | null;
  /** Accepted, or snoozed past the report's day: out of the colour, in its own section. */
  readonly setAside: 'accepted' | 'snoozed' | null;
}

/** Recorded decisions: those still open, and those decided since last week's snapshot. */
export interface DecisionLog {
  readonly open: readonly DecisionRecord[];
  readonly decidedThisWeek: readonly DecisionRecord[];
  /** Origins (`risk:<identity>`) of every recorded decision, open or decided: their proposals are not repeated. */
  readonly recordedOrigins: readonly string[];
}

export interface SourceStatus {
  readonly name: string;
  readonly kind: 'jira' | 'linear';
  readonly lastSuccessAt: IsoDateTime | null;
  readonly lastError: string | null;
  /** What the last sync dropped, sanitised or found truncated; null or absent before one recorded it. */
  readonly quality?: QualityCounts | null;
}

export interface ProgramReportInputs {
  readonly program: ProgramInfo;
  /** Absolute base URL of the dashboard, no trailing slash; every link in a report is absolute. */
  readonly publicUrl: string;
  readonly generatedAt: IsoDateTime;
  readonly current: SnapshotData;
  readonly previous: SnapshotData | null;
  /** Weekly snapshots, oldest first, including the current one. */
  readonly history: readonly SnapshotSummary[];
  readonly risks: readonly RiskRegisterEntry[];
  readonly sources: readonly SourceStatus[];
  /** The program's last tracker write-back run (absent when write-back is off). */
  readonly writeBack?: WritebackRunView | null;
  /** Seams' own track record on the program's teams (from `seams backtest`), when one was measured. */
  readonly trackRecord?: TrackRecord | null;
  /** Why the dates moved since last week's rebuild (absent in the first week, and in fixtures). */
  readonly attribution?: Attribution | null;
  readonly decisionLog?: DecisionLog;
}
