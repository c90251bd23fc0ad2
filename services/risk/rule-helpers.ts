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

/** What identifies a signal when its subject list also carries changing facts (blockers). */
export interface SignalIdentity {
  readonly subject: string;
  /** The rule's own stable key, when it raises more than one signal per subject. */
  readonly key?: string;
}

export function identityKey(rule: string, identity: SignalIdentity): string {
  return identity.key === undefined ? `${rule}:${identity.subject}` : `${rule}:${identity.subject}:${identity.key}`;
}

type SignalFields = Omit<RiskSignal, 'key' | 'mitigation' | 'needBy' | 'impactDays' | 'crossTeam'> &
  Partial<Pick<RiskSignal, 'mitigation' | 'needBy' | 'impactDays' | 'crossTeam'>> & { readonly identity?: SignalIdentity };

/** Builds a signal, deriving the key from rule and subject so no rule can get it wrong. */
export function signal(fields: SignalFields): RiskSignal {
  return {
    rule: fields.rule,
    key: fields.identity ? identityKey(fields.rule, fields.identity) : riskKey(fields.rule, fields.subjectIds),
    severity: fields.severity,
    owner: fields.owner,
    subjectIds: fields.subjectIds,
    title: fields.title,
    evidence: fields.evidence,
    mitigation: fields.mitigation ?? null,
    needBy: fields.needBy ?? null,
    impactDays: fields.impactDays ?? 0,
    crossTeam: fields.crossTeam ?? false,
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
