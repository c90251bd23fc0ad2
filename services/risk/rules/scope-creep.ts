/** The program grew by more than the threshold since the previous snapshot. */
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { signal } from '../rule-helpers.js';

export const scopeCreepRule: RiskRule = {
  id: 'scope-creep',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const previous = ctx.previousScope;
    if (previous === null) return [];
    const { totalItems: items, points } = ctx.analysis.scope;
    const itemGrowth = growthPercent(previous.items, items);
    const pointGrowth = growthPercent(previous.points, points);
    const growth = Math.max(itemGrowth, pointGrowth);
    const limit = ctx.thresholds.scopeCreepPercent;
    if (growth <= limit) return [];
    return [
      signal({
        rule: 'scope-creep',
        severity: growth > 2 * limit ? 'high' : 'medium',
        owner: ctx.programOwner,
        subjectIds: [],
        title: `Scope grew ${Math.round(growth)}% since the last snapshot`,
        evidence: {
          text: `Items ${previous.items} → ${items} (${signed(itemGrowth)}), points ${previous.points} → ${points} (${signed(pointGrowth)}); threshold ${limit}%.`,
          data: { previousItems: previous.items, items, previousPoints: previous.points, points, itemGrowthPercent: itemGrowth, pointGrowthPercent: pointGrowth },
        },
        mitigation: 'Decide whether the added work is in this release, or move the target date.',
        crossTeam: true,
      }),
    ];
  },
};

/** Growth from an empty baseline is not meaningful as a percentage; count it as none. */
function growthPercent(before: number, after: number): number {
  return before > 0 ? ((after - before) / before) * 100 : 0;
}

function signed(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${Math.round(percent)}%`;
}
