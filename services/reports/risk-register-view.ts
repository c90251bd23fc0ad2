/** The risk register grouped the way a TPM reads it: new, escalated, still open, resolved this period. */
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import { SEVERITY_RANK, type Severity } from '../risk/risk-types.js';
import type { RiskReviewStatus } from '../register/register-types.js';
import type { RiskRegisterEntry, RiskStatus, SnapshotItem } from './report-inputs.js';
import { downstreamOf } from '../register/register-fns.js';
import { needsDecision } from './decisions.js';
import { dayInZone, daysBetween, needByPhrase, safeHttpUrl } from './report-format.js';
import { compareText } from './report-items.js';

export interface RiskRow {
  readonly identity: string;
  readonly title: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly status: RiskStatus;
  readonly owner: string | null;
  readonly mitigation: string | null;
  readonly needBy: IsoDate | null;
  /** "need by 10 Dec 2026" or "overdue since 24 Nov 2026 (6 working days)". */
  readonly when: string | null;
  readonly impactDays: number;
  readonly crossTeam: boolean;
  /** Open items waiting on the risk's subjects (largest of any subject). */
  readonly downstreamItems: number;
  readonly evidence: string;
  /** Calendar days from first seen to today (or to resolution) in the program's timezone. */
  readonly ageDays: number;
  readonly acknowledgedBy: string | null;
  readonly decisionNeeded: boolean;
  /** Register id (for edit links), review status and snooze, when the register workflow knows the risk. */
  readonly id: number | null;
  readonly reviewStatus: RiskReviewStatus;
  readonly snoozeUntil: IsoDate | null;
  readonly setAside: 'accepted' | 'snoozed' | null;
  readonly subjects: readonly { readonly key: string; readonly url: string | null }[];
}

export interface RiskRegisterView {
  readonly new: readonly RiskRow[];
  readonly escalated: readonly RiskRow[];
  readonly open: readonly RiskRow[];
  /** Resolved by the engine this period, or closed by people. */
  readonly resolved: readonly RiskRow[];
  /** Accepted or snoozed: out of the colour calculation. */
  readonly setAside: readonly RiskRow[];
  /** Unresolved risks that count, most severe first. */
  readonly active: readonly RiskRow[];
}

export function compareRisks(a: RiskRow, b: RiskRow): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    b.downstreamItems - a.downstreamItems ||
    (a.needBy ?? '9999-12-31').localeCompare(b.needBy ?? '9999-12-31') ||
    compareText(a.title, b.title)
  );
}

function whenNeeded(needBy: IsoDate, today: IsoDate): string {
  return needBy >= today ? `need ${needByPhrase(needBy, today)}` : needByPhrase(needBy, today);
}

/**
 * Leadership's top risks: what explains the most slip of the target at P85, cross-team first
 * (a same-team hand-off never outranks a cross-team one), at most `limit`, low ones never.
 */
export function topRisksByImpact(active: readonly RiskRow[], limit = 3): RiskRow[] {
  return active
    .filter((r) => r.severity !== 'low')
    .sort(
      (a, b) =>
        Number(b.crossTeam) - Number(a.crossTeam) ||
        b.impactDays - a.impactDays ||
        compareRisks(a, b),
    )
    .slice(0, limit);
}

export function riskRegisterView(
  risks: readonly RiskRegisterEntry[],
  items: ReadonlyMap<string, SnapshotItem>,
  generatedAt: IsoDateTime,
  timezone: string,
): RiskRegisterView {
  const today = dayInZone(generatedAt, timezone);
  const rows = risks.map((risk): RiskRow => {
    const end = risk.resolvedAt === null ? today : dayInZone(risk.resolvedAt, timezone);
    return {
      identity: risk.identity,
      title: risk.title,
      rule: risk.rule,
      severity: risk.severity,
      status: risk.status,
      owner: risk.owner,
      mitigation: risk.mitigation,
      needBy: risk.needBy,
      // A resolved risk is needed by nobody: no date, and certainly no "overdue".
      when: risk.needBy === null || risk.resolvedAt !== null ? null : whenNeeded(risk.needBy, today),
      impactDays: risk.impactDays,
      crossTeam: risk.crossTeam,
      downstreamItems: downstreamOf(risk.subjectIds, items),
      evidence: risk.evidence,
      ageDays: Math.max(0, daysBetween(dayInZone(risk.firstSeen, timezone), end)),
      acknowledgedBy: risk.acknowledgedBy,
      decisionNeeded: needsDecision(risk),
      id: risk.review?.id ?? null,
      reviewStatus: risk.review?.status ?? 'open',
      snoozeUntil: risk.review?.snoozeUntil ?? null,
      setAside: risk.review?.setAside ?? null,
      subjects: risk.subjectIds.map((id) => {
        const item = items.get(id);
        return { key: item?.key ?? id, url: safeHttpUrl(item?.url) };
      }),
    };
  });
  rows.sort(compareRisks);
  const gone = (r: RiskRow) => r.status === 'resolved' || r.reviewStatus === 'closed';
  const counted = rows.filter((r) => !gone(r) && r.setAside === null);
  const byStatus = (status: RiskStatus) => counted.filter((r) => r.status === status);
  return {
    new: byStatus('new'),
    escalated: byStatus('escalated'),
    open: byStatus('open'),
    resolved: rows.filter(gone),
    setAside: rows.filter((r) => !gone(r) && r.setAside !== null),
    active: counted,
  };
}
