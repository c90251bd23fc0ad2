/** In-progress work older than the team usually takes (its p85 cycle time). */
import { percentile } from '../../graph/order-stats.js';
import { isoToDayNumber } from '../../graph/work-calendar.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { label, signal } from '../rule-helpers.js';

export const agingWipRule: RiskRule = {
  id: 'aging-wip',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const { agingPercentile, agingMinSamples } = ctx.thresholds;
    const limits = new Map<string, number>();
    for (const [name, team] of ctx.teams) {
      if (team.cycleTimes.length < agingMinSamples) continue;
      const value = percentile(team.cycleTimes, agingPercentile);
      if (value !== null) limits.set(name, value);
    }
    const pct = `p${Math.round(agingPercentile * 100)}`;
    const signals: RiskSignal[] = [];
    ctx.items.forEach((item, i) => {
      if (item.statusCategory !== 'in_progress' || item.startedAt === null || item.team === null) return;
      const limit = limits.get(item.team);
      if (limit === undefined) return;
      const age = ctx.workingDays.workingDaysBetween(isoToDayNumber(item.startedAt), ctx.asOfDay);
      if (age <= limit) return;
      const schedule = ctx.schedules[i]!;
      signals.push(
        signal({
          rule: 'aging-wip',
          severity: schedule.critical ? 'high' : 'medium',
          owner: ctx.ownerOf(item),
          subjectIds: [item.id],
          title: `${item.key} has been in progress ${age} working days (team ${pct}: ${limit})`,
          evidence: {
            text: `${label(item)} has been in progress ${age} working days; ${item.team}'s ${pct} cycle time is ${limit} working days.`,
            data: { itemId: item.id, ageWorkingDays: age, teamPercentile: limit, percentile: agingPercentile },
          },
          mitigation: `Split ${item.key} or swarm on it; ask ${ctx.ownerOf(item)} what is holding it.`,
          needBy: ctx.graph.asOf,
        }),
      );
    });
    return signals;
  },
};
