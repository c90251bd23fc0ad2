/**
 * The plain-JSON program graph: what db/ exports for a program (`seams export`), what the
 * CPM engine, risk rules and forecast read, and what `seams analyze` / `seams forecast` accept.
 * Dates are ISO strings so the format round-trips through JSON unchanged.
 */
import type { LinkKind, StatusCategory } from '../connectors/connector-types.js';

/** ISO date `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO timestamp `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export type IsoDateTime = string;

export interface WorkCalendar {
  /** Days of week that are not worked, 0 = Sunday … 6 = Saturday. Default [0, 6]. */
  readonly weekendDays: readonly number[];
  readonly holidays: readonly IsoDate[];
  readonly timezone: string;
}

export interface GraphItem {
  /** Stable id: `<source>:<externalId>`. */
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly url: string | null;
  readonly source: string | null;
  readonly team: string | null;
  readonly assignee: string | null;
  readonly status: string | null;
  readonly statusCategory: StatusCategory;
  /** Estimate in the team's unit (story points / Linear estimate). */
  readonly estimate: number | null;
  /** Explicit remaining duration in working days; overrides estimate conversion when set. */
  readonly durationDays?: number | null;
  readonly dueDate: IsoDate | null;
  readonly createdAt: IsoDateTime | null;
  readonly startedAt: IsoDateTime | null;
  readonly completedAt: IsoDateTime | null;
  readonly updatedAt: IsoDateTime | null;
  /** Selected by the program's scope (others are pulled in as transitive dependencies). */
  readonly inScope: boolean;
  /** Known only as the target of a link (outside the synced scope, or not yet synced). */
  readonly placeholder: boolean;
}

export interface GraphLink {
  readonly from: string;
  readonly to: string;
  /** `blocks`: `to` depends on `from`. `parent`: `from` is the parent of `to`. */
  readonly kind: LinkKind;
}

/** A team's own history, summarized in working days. Built from status_transitions. */
export interface TeamProfile {
  readonly team: string;
  readonly calendar?: WorkCalendar;
  /** Cycle times (working days, start→done) of finished items within the history window. */
  readonly cycleTimes: readonly number[];
  /** Working days per estimate unit, from finished estimated items; null when unknown. */
  readonly daysPerPoint: number | null;
  /** Items finished per week over the history window, oldest first. */
  readonly weeklyThroughput: readonly number[];
  /** How many items the team works on in parallel (time-averaged over the weeks with history, >= 1). */
  readonly wipLimit: number;
  /** Estimate of each finished item, aligned with `cycleTimes` (null = not estimated). */
  readonly estimates?: readonly (number | null)[];
  /** Items finished per working day over the weeks with history (from the team's first finish). */
  readonly throughputPerDay?: number;
  /** Weeks of the window that hold history: from the team's first finish to the end. */
  readonly historyWeeks?: number;
  /**
   * Parallel capacity consistent with the team's throughput (Little's law: throughput × mean
   * cycle time), fractional. Preferred over `wipLimit` by the forecast when present.
   */
  readonly capacity?: number;
  /**
   * Share (0..1) of the finished items whose duration runs from creation because they never
   * showed an in-progress status: the history is lead time, not cycle time.
   */
  readonly leadTimeShare?: number;
}

export interface ProgramGraph {
  readonly version: 1;
  readonly program: string;
  /** "Today" of the analysis: CPM starts counting working days here. */
  readonly asOf: IsoDate;
  readonly targetDate: IsoDate | null;
  readonly calendar: WorkCalendar;
  readonly items: readonly GraphItem[];
  readonly links: readonly GraphLink[];
  readonly teams: readonly TeamProfile[];
}

/** Finished-work history for the offline forecast (`seams forecast --history`). */
export interface TeamHistoryFile {
  readonly finished: readonly {
    readonly team: string;
    readonly startedAt: IsoDateTime;
    readonly finishedAt: IsoDateTime;
    readonly estimate?: number | null;
    /** True when `startedAt` is the creation (the item never showed an in-progress status). */
    readonly fromCreation?: boolean;
  }[];
}
