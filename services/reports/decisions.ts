/** Decisions leadership owes the program: the program's own list plus risks whose mitigation is a decision. */
import type { IsoDate } from '../graph/graph-types.js';
import type { ProgramInfo, RiskRegisterEntry } from './report-inputs.js';
import { compareText } from './report-items.js';

export interface DecisionRow {
  readonly title: string;
  readonly owner: string;
  readonly dueDate: IsoDate | null;
  readonly source: 'program' | 'risk';
  /** The options to decide between, for decisions raised by a risk. */
  readonly detail: string | null;
}

/** Risk rules phrase a mitigation that needs someone's call as "Decide …" (see services/risk/rules). */
export function needsDecision(risk: RiskRegisterEntry): boolean {
  return risk.status !== 'resolved' && risk.mitigation !== null && /^decide\b/i.test(risk.mitigation.trim());
}

export function decisionsNeeded(program: ProgramInfo, risks: readonly RiskRegisterEntry[], fallbackOwner: string): readonly DecisionRow[] {
  const rows: DecisionRow[] = program.decisions.map((d) => ({
    title: d.title,
    owner: d.owner,
    dueDate: d.dueDate,
    source: 'program' as const,
    detail: null,
  }));
  for (const risk of risks) {
    if (!needsDecision(risk)) continue;
    rows.push({ title: risk.title, owner: risk.owner ?? fallbackOwner, dueDate: risk.needBy, source: 'risk', detail: risk.mitigation });
  }
  return rows.sort(
    (a, b) =>
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || compareText(a.title, b.title),
  );
}
