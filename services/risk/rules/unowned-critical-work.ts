/** Critical-path work nobody is assigned to. */
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { isOpen, label, signal } from '../rule-helpers.js';

export const unownedCriticalWorkRule: RiskRule = {
  id: 'unowned-critical-work',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const signals: RiskSignal[] = [];
    ctx.items.forEach((item, i) => {
      const schedule = ctx.schedules[i]!;
      if (!schedule.critical || !isOpen(item) || item.assignee !== null || item.placeholder) return;
      if (schedule.durationSource === 'summary') return;
      signals.push(
        signal({
          rule: 'unowned-critical-work',
          severity: 'high',
          owner: ctx.ownerOf(item),
          subjectIds: [item.id],
          title: `Critical ${item.key} has no assignee`,
          evidence: {
            text: `${label(item)} is on the critical path, must start by ${schedule.lateStartDate}, and nobody is assigned.`,
            data: { itemId: item.id, team: item.team, lateStart: schedule.lateStartDate },
          },
          mitigation: `Assign ${item.key} in ${item.team ?? 'a team'} before ${schedule.lateStartDate}.`,
          needBy: schedule.lateStartDate,
        }),
      );
    });
    return signals;
  },
};
