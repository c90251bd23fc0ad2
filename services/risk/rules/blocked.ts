/**
 * Open work waiting on a blocker that is not done. On the critical path it is high; with a
 * blocker in another team (or outside the synced scope) that is already overdue or unknown it
 * needs escalation: critical. An ordinary hand-off on the critical path is not an emergency.
 * Large programs have tens of thousands of these (most low), so the loop builds each string once.
 */
import type { GraphItem } from '../../graph/graph-types.js';
import type { RiskContext } from '../risk-context.js';
import { SEVERITY_RANK, type RiskRule, type RiskSignal, type Severity } from '../risk-types.js';
import { signal } from '../rule-helpers.js';

export const blockedRule: RiskRule = {
  id: 'blocked',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const signals: RiskSignal[] = [];
    const minRank = SEVERITY_RANK[ctx.thresholds.blockedMinSeverity];
    const { items, schedules, blockerOffsets, blockers } = ctx;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.statusCategory !== 'todo' && item.statusCategory !== 'in_progress') continue;
      let open: GraphItem[] | null = null;
      for (let k = blockerOffsets[i]!; k < blockerOffsets[i + 1]!; k++) {
        const blocker = items[blockers[k]!]!;
        if (blocker.statusCategory !== 'done') (open ??= []).push(blocker);
      }
      if (open === null) continue;
      const schedule = schedules[i]!;
      const foreignTeams: string[] = [];
      let slipping = false;
      for (const b of open) {
        if (!b.placeholder && b.team === item.team) continue;
        const team = b.team ?? 'the external owner';
        if (!foreignTeams.includes(team)) foreignTeams.push(team);
        if (b.placeholder || (b.dueDate !== null && b.dueDate < ctx.graph.asOf)) slipping = true;
      }
      const severity: Severity = schedule.critical
        ? foreignTeams.length > 0 && slipping
          ? 'critical'
          : 'high'
        : item.statusCategory === 'in_progress' || schedule.nearCritical
          ? 'medium'
          : 'low';
      if (SEVERITY_RANK[severity] < minRank) continue;
      const keys = open.map((b) => b.key).join(', ');
      signals.push(
        signal({
          rule: 'blocked',
          severity,
          owner: ctx.ownerOf(item),
          subjectIds: [item.id, ...open.map((b) => b.id)],
          title: `${item.key} is blocked by ${keys}`,
          evidence: {
            text: `${item.key} (${item.statusCategory}, ${schedule.slack.toFixed(1)} days float) waits on ${keys}.`,
            data: {
              blockerIds: open.map((b) => b.id),
              blockerTeams: open.map((b) => b.team ?? 'external'),
              slackDays: schedule.slack,
              critical: schedule.critical,
            },
          },
          mitigation:
            severity === 'critical'
              ? `Escalate to ${foreignTeams.join(', ')}: agree a delivery date before ${schedule.lateStartDate} or remove the dependency.`
              : `Confirm when ${keys} will be done.`,
          needBy: schedule.lateStartDate,
        }),
      );
    }
    return signals;
  },
};
