/** Critical-path work scheduled on a guess (team median or default) because it has no estimate. */
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { isOpen, label, signal } from '../rule-helpers.js';

export const criticalWithoutEstimateRule: RiskRule = {
  id: 'critical-without-estimate',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const signals: RiskSignal[] = [];
    ctx.items.forEach((item, i) => {
      const schedule = ctx.schedules[i]!;
      if (!schedule.critical || !isOpen(item)) return;
      if (schedule.durationSource !== 'team-median' && schedule.durationSource !== 'default') return;
      signals.push(
        signal({
          rule: 'critical-without-estimate',
          severity: 'medium',
          owner: ctx.ownerOf(item),
          subjectIds: [item.id],
          title: `Critical ${item.key} has no estimate`,
          evidence: {
            text: `${label(item)} is on the critical path; its ${schedule.durationDays} working days are the ${schedule.durationSource === 'team-median' ? "team's median cycle time" : 'default duration'}.`,
            data: { itemId: item.id, assumedDays: schedule.durationDays, durationSource: schedule.durationSource },
          },
          mitigation: `Estimate ${item.key} with ${item.team ?? 'its team'}.`,
          needBy: schedule.startDate,
        }),
      );
    });
    return signals;
  },
};
