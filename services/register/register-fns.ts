/** Pure register logic: set-aside, filters and sorting, and options of engine-proposed decisions. */
import { SEVERITY_RANK } from '../risk/risk-types.js';
import type { SnapshotItem } from '../reports/report-inputs.js';
import type { RiskReviewStatus } from './register-types.js';
import type { RiskFilter, RiskRecord } from './register-types.js';

/** Accepted, or snoozed past `today`: such a risk leaves the colour calculation and has its own section. */
export function setAsideReason(status: RiskReviewStatus, snoozeUntil: string | null, today: string): 'accepted' | 'snoozed' | null {
  if (status === 'accepted') return 'accepted';
  if (status !== 'closed' && snoozeUntil !== null && snoozeUntil > today) return 'snoozed';
  return null;
}

const STATUS_ORDER: Readonly<Record<RiskReviewStatus, number>> = { open: 0, mitigating: 1, accepted: 2, closed: 3 };
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function contains(haystack: string | null, needle: string): boolean {
  return haystack !== null && haystack.toLocaleLowerCase('en').includes(needle);
}

export function filterRisks(risks: readonly RiskRecord[], filter: RiskFilter): RiskRecord[] {
  const text = filter.text?.trim().toLocaleLowerCase('en');
  const team = filter.team?.trim().toLocaleLowerCase('en');
  const owner = filter.owner?.trim().toLocaleLowerCase('en');
  return risks.filter(
    (r) =>
      (filter.status === undefined || r.status === filter.status) &&
      (filter.severity === undefined || r.severity === filter.severity) &&
      (filter.rule === undefined || r.rule === filter.rule) &&
      (!owner || r.owner.toLocaleLowerCase('en') === owner) &&
      (!team || r.teams.some((t) => t.toLocaleLowerCase('en') === team)) &&
      (!text ||
        [r.title, r.evidence, r.mitigation, r.owner, r.rule, ...r.subjects.map((s) => s.key)].some((field) => contains(field, text))),
  );
}

export function sortRisks(risks: readonly RiskRecord[], sort: RiskFilter['sort'] = 'severity'): RiskRecord[] {
  // Within one severity, the risk more work waits on comes first.
  const bySeverity = (a: RiskRecord, b: RiskRecord) =>
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.downstreamItems - a.downstreamItems;
  const byNeedBy = (a: RiskRecord, b: RiskRecord) => (a.needBy ?? '9999-12-31').localeCompare(b.needBy ?? '9999-12-31');
  const compare: Record<NonNullable<RiskFilter['sort']>, (a: RiskRecord, b: RiskRecord) => number> = {
    severity: (a, b) => bySeverity(a, b) || byNeedBy(a, b),
    'need-by': (a, b) => byNeedBy(a, b) || bySeverity(a, b),
    'first-seen': (a, b) => a.firstSeen.localeCompare(b.firstSeen),
    owner: (a, b) => collator.compare(a.owner, b.owner) || bySeverity(a, b),
    status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || bySeverity(a, b),
  };
  return [...risks].sort((a, b) => compare[sort](a, b) || a.id - b.id);
}

/** How many open items wait on a risk's subjects: the largest count of any one subject. */
export function downstreamOf(subjectIds: readonly string[], items: ReadonlyMap<string, Pick<SnapshotItem, 'downstream'>>): number {
  let most = 0;
  for (const id of subjectIds) most = Math.max(most, items.get(id)?.downstream?.items ?? 0);
  return most;
}

/** Risk rules phrase a call someone must make as "Decide …" (see services/risk/rules). */
export function isDecisionMitigation(mitigation: string | null): mitigation is string {
  return mitigation !== null && /^decide\b/i.test(mitigation.trim());
}

/**
 * The options of "Decide: A, B, or C." — commas inside parentheses belong to their option.
 * A suggestion without the colon form ("Decide whether …") has no listed options.
 */
export function proposedOptions(mitigation: string): string[] {
  const match = /^decide:\s*(.+?)\.?$/is.exec(mitigation.trim());
  if (!match) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  const body = match[1]!;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && ch === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  const options = parts.flatMap((p) => p.split(/\s+or\s+(?![^(]*\))/)).map((p) => p.trim().replace(/^or\s+/i, '')).filter((p) => p.length > 0);
  return options.length > 1 ? options.map((o) => o.charAt(0).toUpperCase() + o.slice(1)) : [];
}
