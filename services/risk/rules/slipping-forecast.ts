/** The p85 forecast moved later since the previous snapshot. */
import { isoToDayNumber } from '../../graph/work-calendar.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { signal } from '../rule-helpers.js';

export const slippingForecastRule: RiskRule = {
  id: 'slipping-forecast',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const p85 = ctx.forecast?.p85 ?? null;
    const previous = ctx.forecast?.previousP85 ?? null;
    if (p85 === null || previous === null) return [];
    const slip = isoToDayNumber(p85) - isoToDayNumber(previous);
    const limit = ctx.thresholds.forecastSlipDays;
    if (slip <= 0 || slip < limit) return [];
    return [
      signal({
        rule: 'slipping-forecast',
        severity: slip >= 2 * limit ? 'high' : 'medium',
        owner: ctx.programOwner,
        subjectIds: [],
        title: `The p85 forecast slipped ${slip} days, to ${p85}`,
        evidence: {
          text: `p85 moved from ${previous} to ${p85} (${slip} calendar days; threshold ${limit}).`,
          data: { p85, previousP85: previous, slipDays: slip, threshold: limit },
        },
        mitigation: 'Review what moved on the critical path since last week and decide on scope or date.',
        needBy: ctx.graph.targetDate,
        impactDays: ctx.workingDays.workingDaysBetween(isoToDayNumber(previous), isoToDayNumber(p85)),
        crossTeam: true,
      }),
    ];
  },
};
