/** Decisions leadership owes the program: the program's own list plus risks whose mitigation is a decision. */
import type { IsoDate } from '../graph/graph-types.js';
import type { DecisionLog, ProgramInfo, RiskRegisterEntry } from './report-inputs.js';
import { needByPhrase } from './report-format.js';
import { compareText } from './report-items.js';

export interface DecisionRow {
  readonly title: string;
  readonly owner: string;
  readonly dueDate: IsoDate | null;
  /** "by 10 Dec 2026" or "overdue since 18 Nov 2026 (10 working days)"; null without a date. */
  readonly when: string | null;
  readonly overdue: boolean;
  readonly source: 'program' | 'risk' | 'recorded';
  /** The options to decide between, for decisions raised by a risk. */
  readonly detail: string | null;
  /** Recorded decisions: their id, options and recommendation. */
  readonly id: number | null;
  readonly options: readonly string[];
  readonly recommendation: string | null;
}

/** Risk rules phrase a mitigation that needs someone's call as "Decide …" (see services/risk/rules). */
export function needsDecision(risk: RiskRegisterEntry): boolean {
  return (
    risk.status !== 'resolved' && risk.review?.status !== 'closed' && risk.mitigation !== null && /^decide\b/i.test(risk.mitigation.trim())
  );
}

/**
 * The program's configured decisions, recorded open decisions, and the decisions risks propose
 * that nobody has recorded yet (a recorded one replaces its proposal).
 */
export function decisionsNeeded(
  program: ProgramInfo,
  risks: readonly RiskRegisterEntry[],
  fallbackOwner: string,
  today: IsoDate,
  log: DecisionLog | undefined = undefined,
): readonly DecisionRow[] {
  const dated = (dueDate: IsoDate | null) => ({
    dueDate,
    when: dueDate === null ? null : needByPhrase(dueDate, today),
    overdue: dueDate !== null && dueDate < today,
  });
  const recorded = log?.open ?? [];
  const none = { id: null, options: [], recommendation: null } as const;
  const rows: DecisionRow[] = program.decisions.map((d) => ({
    title: d.title,
    owner: d.owner,
    ...dated(d.dueDate),
    source: 'program' as const,
    detail: null,
    ...none,
  }));
  for (const d of recorded) {
    rows.push({
      title: d.question,
      owner: d.decider ?? fallbackOwner,
      ...dated(d.dueDate),
      source: 'recorded',
      detail: null,
      id: d.id,
      options: d.options,
      recommendation: d.recommendation,
    });
  }
  const recordedOrigins = new Set(log?.recordedOrigins ?? []);
  for (const risk of risks) {
    if (!needsDecision(risk) || recordedOrigins.has(`risk:${risk.identity}`)) continue;
    rows.push({ title: risk.title, owner: risk.owner ?? fallbackOwner, ...dated(risk.needBy), source: 'risk', detail: risk.mitigation, ...none });
  }
  return rows.sort(
    (a, b) =>
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || compareText(a.title, b.title),
  );
}
