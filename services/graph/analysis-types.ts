/**
 * What the pure engine returns. Plain JSON (no Maps, no typed arrays) so `seams analyze`
 * can print it and snapshots can store parts of it unchanged.
 */
import type { IsoDate } from './graph-types.js';

/** Where an item's duration came from; anything but `done`/`explicit`/`estimate` is a guess worth flagging. */
export type DurationSource =
  | 'done'
  | 'explicit'
  | 'summary'
  | 'placeholder'
  | 'estimate'
  | 'estimate-ratio'
  | 'estimate-default-rate'
  | 'team-median'
  | 'default';

export interface ItemSchedule {
  readonly id: string;
  readonly key: string;
  readonly team: string | null;
  /** Remaining working days used by CPM. */
  readonly durationDays: number;
  readonly durationSource: DurationSource;
  /** Working days elapsed since startedAt that were subtracted (in-progress items). */
  readonly elapsedDays: number;
  /** Early/late start/finish in working days from the program's asOf (0 = start of the first working day). */
  readonly es: number;
  readonly ef: number;
  readonly ls: number;
  readonly lf: number;
  /** Total float in working days. */
  readonly slack: number;
  readonly critical: boolean;
  readonly nearCritical: boolean;
  readonly startDate: IsoDate;
  readonly finishDate: IsoDate;
  readonly lateStartDate: IsoDate;
  readonly lateFinishDate: IsoDate;
}

export type NetworkEdgeKind = 'blocks' | 'parent';

export interface NetworkEdge {
  readonly from: string;
  readonly to: string;
  /** `parent` edges run child → parent: a parent (epic) finishes when its children do. */
  readonly kind: NetworkEdgeKind;
}

export interface CycleReport {
  /** Member ids, sorted. */
  readonly members: readonly string[];
  /** Edges ignored by CPM to break this cycle, sorted by (from, to). */
  readonly droppedEdges: readonly NetworkEdge[];
}

export interface ScopeStats {
  /** Items selected by the program's scope. */
  readonly selectedItems: number;
  /** Items pulled in as transitive dependencies or children. */
  readonly dependencyItems: number;
  readonly totalItems: number;
  readonly blocksLinks: number;
  readonly doneItems: number;
  readonly openItems: number;
  readonly placeholderItems: number;
  /** Sum of estimates of all items in scope. */
  readonly points: number;
  readonly remainingPoints: number;
}

export interface TeamDependency {
  readonly waitingTeam: string;
  readonly blockingTeam: string;
  readonly links: number;
  /** Links that drive the critical path (both ends critical, no gap between them). */
  readonly criticalLinks: number;
  /** Ids of the items on either side of these links, in the graph's item order. */
  readonly itemIds: readonly string[];
}

export interface ProgramAnalysis {
  readonly program: string;
  readonly asOf: IsoDate;
  readonly targetDate: IsoDate | null;
  readonly scope: ScopeStats;
  readonly cycles: readonly CycleReport[];
  /** One per item of the scoped graph, in the scoped graph's item order. */
  readonly items: readonly ItemSchedule[];
  /** The primary critical chain, ordered from start to program finish. */
  readonly criticalPath: readonly string[];
  /** Every zero-float item, ordered by early start then id. */
  readonly criticalIds: readonly string[];
  /** Items with a little float (not critical), ordered by float then id. */
  readonly nearCritical: readonly string[];
  /** Program finish in working days from asOf. */
  readonly finishDays: number;
  readonly finishDate: IsoDate;
  readonly teamMatrix: readonly TeamDependency[];
}

/** Label used in the team matrix for items without a team. */
export const NO_TEAM = '(no team)';
