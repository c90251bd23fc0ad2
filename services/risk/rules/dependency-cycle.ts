/** Items that (transitively) block each other: the schedule ignores one link to go on. */
import type { GraphItem } from '../../graph/graph-types.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { signal } from '../rule-helpers.js';

export const dependencyCycleRule: RiskRule = {
  id: 'dependency-cycle',
  evaluate(ctx: RiskContext): RiskSignal[] {
    return ctx.analysis.cycles.map((cycle) => {
      const members = cycle.members.map((id) => ctx.items[ctx.indexOf.get(id) ?? -1]).filter((m): m is GraphItem => m !== undefined);
      const keys = members.map((m) => m.key);
      const dropped = cycle.droppedEdges.map((e) => `${keyOf(ctx, e.from)} → ${keyOf(ctx, e.to)}`);
      const first = members[0];
      return signal({
        rule: 'dependency-cycle',
        severity: 'high',
        owner: first ? ctx.ownerOf(first) : ctx.programOwner,
        subjectIds: cycle.members,
        title: `Dependency cycle between ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`,
        evidence: {
          text: `${keys.length} items block each other; the schedule ignores ${dropped.join(', ')}.`,
          data: { memberIds: cycle.members, droppedLinks: dropped },
        },
        mitigation: `Decide which of these links is real and remove the other (${dropped.join(', ')} is ignored for now).`,
        needBy: ctx.graph.asOf,
        crossTeam: new Set(members.map((m) => m.team)).size > 1,
      });
    });
  },
};

function keyOf(ctx: RiskContext, id: string): string {
  return ctx.items[ctx.indexOf.get(id) ?? -1]?.key ?? id;
}
