/** Shared pieces of the rules: signal construction with a stable key, severity by criticality. */
import type { ItemSchedule } from '../graph/analysis-types.js';
import { compareIds } from '../graph/cycles.js';
import type { GraphItem } from '../graph/graph-types.js';
import type { RiskSignal, Severity } from './risk-types.js';

export function riskKey(rule: string, subjectIds: readonly string[]): string {
  // Fast paths: most signals have one or two subjects, and this runs for every signal.
  if (subjectIds.length === 0) return rule;
  if (subjectIds.length === 1) return `${rule}:${subjectIds[0]}`;
  if (subjectIds.length === 2) {
    const [a, b] = subjectIds as readonly [string, string];
    return a <= b ? `${rule}:${a},${b}` : `${rule}:${b},${a}`;
  }
  return `${rule}:${[...subjectIds].sort(compareIds).join(',')}`;
}

/** Builds a signal, deriving the key from rule and subjects so no rule can get it wrong. */
export function signal(fields: Omit<RiskSignal, 'key' | 'mitigation' | 'needBy'> & Partial<Pick<RiskSignal, 'mitigation' | 'needBy'>>): RiskSignal {
  return {
    rule: fields.rule,
    key: riskKey(fields.rule, fields.subjectIds),
    severity: fields.severity,
    owner: fields.owner,
    subjectIds: fields.subjectIds,
    title: fields.title,
    evidence: fields.evidence,
    mitigation: fields.mitigation ?? null,
    needBy: fields.needBy ?? null,
  };
}

/** Critical-path work is one step more severe than the same problem elsewhere. */
export function bySchedule(schedule: ItemSchedule, onCritical: Severity, nearCritical: Severity, otherwise: Severity): Severity {
  if (schedule.critical) return onCritical;
  return schedule.nearCritical ? nearCritical : otherwise;
}

export function isOpen(item: GraphItem): boolean {
  return item.statusCategory !== 'done';
}

export function label(item: GraphItem): string {
  return item.key === item.title ? item.key : `${item.key} "${item.title}"`;
}
