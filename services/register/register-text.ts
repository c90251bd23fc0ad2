/** Plain-text listings of the register and the decision log for the terminal. */
import type { DecisionRecord, HistoryEntry, ProposedDecision, RiskRecord } from './register-types.js';

function clip(value: string, width: number): string {
  return value.length <= width ? value.padEnd(width) : `${value.slice(0, width - 1)}…`;
}

export function risksText(risks: readonly RiskRecord[]): string {
  if (risks.length === 0) return 'No risks match.';
  const lines = [`${'ID'.padEnd(6)}${'SEVERITY'.padEnd(10)}${'STATUS'.padEnd(12)}${'OWNER'.padEnd(22)}${'NEED BY'.padEnd(12)}RISK`];
  for (const r of risks) {
    const status = r.setAside === 'snoozed' ? `snoozed` : r.status;
    lines.push(
      `${String(r.id).padEnd(6)}${r.severity.padEnd(10)}${status.padEnd(12)}${clip(r.owner, 21)} ${(r.needBy ?? '-').padEnd(12)}${r.title}${r.detected ? '' : ' (no longer detected)'}`,
    );
    if (r.mitigation) lines.push(`${' '.repeat(6)}mitigation: ${r.mitigation}`);
    if (r.snoozeUntil) lines.push(`${' '.repeat(6)}snoozed until ${r.snoozeUntil}`);
  }
  return lines.join('\n');
}

export function historyText(history: readonly HistoryEntry[]): string {
  if (history.length === 0) return 'No changes recorded.';
  return history
    .map((h) =>
      h.field === 'note'
        ? `${h.at}  ${h.actor}  note: ${h.newValue ?? ''}`
        : `${h.at}  ${h.actor}  ${h.field}: ${h.oldValue ?? '(none)'} → ${h.newValue ?? '(none)'}`,
    )
    .join('\n');
}

export function decisionText(d: DecisionRecord): string {
  const lines = [`#${d.id} [${d.status}] ${d.question}`];
  d.options.forEach((o, i) => lines.push(`    option ${i + 1}: ${o}`));
  if (d.recommendation) lines.push(`    recommendation: ${d.recommendation}`);
  lines.push(`    decider: ${d.decider ?? '(unassigned)'}${d.dueDate ? `, due ${d.dueDate}` : ''}`);
  if (d.riskIds.length > 0 || d.itemKeys.length > 0) {
    lines.push(`    concerns: ${[...d.riskIds.map((id) => `risk ${id}`), ...d.itemKeys].join(', ')}`);
  }
  if (d.status === 'decided') lines.push(`    outcome (${d.decidedAt?.slice(0, 10)}, ${d.decidedBy}): ${d.outcome}`);
  return lines.join('\n');
}

export function decisionsText(decisions: readonly DecisionRecord[], proposed: readonly ProposedDecision[]): string {
  const parts = [decisions.length === 0 ? 'No recorded decisions.' : decisions.map(decisionText).join('\n')];
  if (proposed.length > 0) {
    parts.push(
      'Proposed by the engine (record one with `seams decision add --program P --from-risk ID`):\n' +
        proposed.map((p) => `  risk ${p.riskId}: ${p.question}\n    ${p.recommendation}`).join('\n'),
    );
  }
  return parts.join('\n\n');
}
