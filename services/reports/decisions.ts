/** Decisions leadership owes the program: the program's own list plus risks whose mitigation is a decision. */
import type { IsoDate } from '../graph/graph-types.js';
import type { ProgramInfo, RiskRegisterEntry } from './report-inputs.js';
import { needByPhrase } from './report-format.js';
import { compareText } from './report-items.js';

export interface DecisionRow {
  readonly title: string;
  readonly owner: string;
  readonly dueDate: IsoDate | null;
  /** "by 10 Dec 2026" or "overdue since 18 Nov 2026 (10 working days)"; null without a date. */
  readonly when: string | null;
  readonly overdue: boolean;
  readonly source: 'program' | 'risk';
  /** The options to decide between, for decisions raised by a risk. */
  readonly detail: string | null;
}

/** Risk rules phrase a mitigation that needs someone's call as "Decide …" (see services/risk/rules). */
export function needsDecision(risk: RiskRegisterEntry): boolean {
  return risk.status !== 'resolved' && risk.mitigation !== null && /^decide\b/i.test(risk.mitigation.trim());
}

export function decisionsNeeded(
  program: ProgramInfo,
  risks: readonly RiskRegisterEntry[],
  fallbackOwner: string,
  today: IsoDate,
): readonly DecisionRow[] {
  const dated = (dueDate: IsoDate | null) => ({
    dueDate,
    when: dueDate === null ? null : needByPhrase(dueDate, today),
    overdue: dueDate !== null && dueDate < today,
  });
  const rows: DecisionRow[] = program.decisions.map((d) => ({
    title: d.title,
    owner: d.owner,
    ...dated(d.dueDate),
    source: 'program' as const,
    detail: null,
  }));
  for (const risk of risks) {
    if (!needsDecision(risk)) continue;
    rows.push({ title: risk.title, owner: risk.owner ?? fallbackOwner, ...dated(risk.needBy), source: 'risk', detail: risk.mitigation });
  }
  return rows.sort(
    (a, b) =>
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || compareText(a.title, b.title),
  );
}
