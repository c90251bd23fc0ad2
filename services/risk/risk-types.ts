/** Risk signals: what a rule found, about which items, who owns it, and why we think so. */
import type { IsoDate } from '../graph/graph-types.js';
import type { RiskContext } from './risk-context.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ low: 0, medium: 1, high: 2, critical: 3 });

export type EvidenceValue = string | number | boolean | null | readonly string[] | readonly number[];

export interface RiskEvidence {
  /** One line a human reads in a report. */
  readonly text: string;
  /** The facts behind it, for the dashboard and the register. */
  readonly data: Readonly<Record<string, EvidenceValue>>;
}

export interface RiskSignal {
  readonly rule: string;
  /**
   * The register's identity: `rule:subject` (plus `:stableKey` where a rule raises several
   * signals per subject), `rule` for program-wide signals, `rule:sorted,ids` for a cycle. Never
   * the changing set of blockers, so age, history and human fields survive a change of blockers.
   */
  readonly key: string;
  readonly severity: Severity;
  /** Assignee, else the team lead, else the team name, else the program owner. */
  readonly owner: string;
  readonly subjectIds: readonly string[];
  readonly title: string;
  readonly evidence: RiskEvidence;
  /** Suggested decision or mitigation, where one makes sense. */
  readonly mitigation: string | null;
  /** When this needs acting on (the late start of the waiting work, a due date, the target). */
  readonly needBy: IsoDate | null;
  /** Working days of slip at P85 this risk explains on the program finish (0 when none). */
  readonly impactDays: number;
  /** Crosses a team boundary (or the program's scope): leadership summaries rank these first. */
  readonly crossTeam: boolean;
}

export interface RiskRule {
  readonly id: string;
  evaluate(ctx: RiskContext): RiskSignal[];
}
