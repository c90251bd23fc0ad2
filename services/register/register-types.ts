/** The register and the decision log as people see them (CLI, JSON API, dashboard). */
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import type { Severity } from '../risk/risk-types.js';

export interface RiskSubject {
  readonly id: string;
  readonly key: string;
  readonly team: string | null;
}

export interface RiskRecord {
  readonly id: number;
  readonly program: string;
  readonly identity: string;
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  /** False once the engine no longer raises it. */
  readonly detected: boolean;
  /** The override when set, else the detected owner, else the program owner. */
  readonly owner: string;
  readonly ownerOverride: string | null;
  readonly detectedOwner: string | null;
  /** What a person wrote; never overwritten by a rebuild. */
  readonly mitigation: string | null;
  readonly suggestedMitigation: string | null;
  readonly status: RiskReviewStatus;
  readonly snoozeUntil: IsoDate | null;
  /** Out of the colour calculation: accepted, or snoozed past today. */
  readonly setAside: 'accepted' | 'snoozed' | null;
  readonly needBy: IsoDate | null;
  readonly evidence: string;
  readonly subjects: readonly RiskSubject[];
  readonly teams: readonly string[];
  /** Open items waiting on its subjects (the largest count of any subject): ranks risks of one severity. */
  readonly downstreamItems: number;
  readonly firstSeen: IsoDateTime;
  readonly lastSeen: IsoDateTime;
  readonly resolvedAt: IsoDateTime | null;
}

export interface HistoryEntry {
  readonly at: IsoDateTime;
  readonly actor: string;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

export interface DecisionRecord {
  readonly id: number;
  readonly program: string;
  readonly question: string;
  readonly options: readonly string[];
  readonly recommendation: string | null;
  readonly decider: string | null;
  readonly dueDate: IsoDate | null;
  readonly riskIds: readonly number[];
  readonly itemKeys: readonly string[];
  /** `risk:<identity>` when recorded from an engine-proposed decision. */
  readonly origin: string | null;
  readonly status: 'open' | 'decided';
  readonly outcome: string | null;
  readonly decidedAt: IsoDateTime | null;
  readonly decidedBy: string | null;
  readonly createdBy: string;
  readonly createdAt: IsoDateTime;
}

/** A decision the engine proposes (a risk whose mitigation needs someone's call), not yet recorded. */
export interface ProposedDecision {
  readonly riskId: number;
  readonly question: string;
  readonly options: readonly string[];
  readonly recommendation: string;
  readonly decider: string;
  readonly dueDate: IsoDate | null;
}

export interface RiskFilter {
  readonly status?: RiskReviewStatus | undefined;
  readonly team?: string | undefined;
  readonly severity?: Severity | undefined;
  readonly owner?: string | undefined;
  readonly rule?: string | undefined;
  readonly text?: string | undefined;
  readonly sort?: RiskSort | undefined;
}

export const RISK_STATUSES = ['open', 'mitigating', 'accepted', 'closed'] as const;
export type RiskReviewStatus = (typeof RISK_STATUSES)[number];

export const RISK_SORTS = ['severity', 'need-by', 'first-seen', 'owner', 'status'] as const;
export type RiskSort = (typeof RISK_SORTS)[number];
