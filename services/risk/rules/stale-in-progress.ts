/** In-progress work nobody has touched for a while: likely stuck or silently parked. */
import { isoToDayNumber } from '../../graph/work-calendar.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { bySchedule, label, signal } from '../rule-helpers.js';

export const staleInProgressRule: RiskRule = {
  id: 'stale-in-progress',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const limit = ctx.thresholds.staleWorkingDays;
    const signals: RiskSignal[] = [];
    ctx.items.forEach((item, i) => {
      if (item.statusCategory !== 'in_progress' || item.updatedAt === null) return;
      const idle = ctx.workingDays.workingDaysBetween(isoToDayNumber(item.updatedAt), ctx.asOfDay);
      if (idle < limit) return;
      const schedule = ctx.schedules[i]!;
      signals.push(
        signal({
          rule: 'stale-in-progress',
          severity: bySchedule(schedule, 'high', 'medium', 'low'),
          owner: ctx.ownerOf(item),
          subjectIds: [item.id],
          title: `${item.key} has not moved for ${idle} working days`,
          evidence: {
            text: `${label(item)} is in progress with no update for ${idle} working days (limit ${limit}).`,
            data: { itemId: item.id, lastUpdate: item.updatedAt, idleWorkingDays: idle, limit },
          },
          mitigation: `Check with ${ctx.ownerOf(item)} whether ${item.key} is still being worked on.`,
          needBy: ctx.graph.asOf,
        }),
      );
    });
    return signals;
  },
};
