/**
 * Work waiting on something outside the synced scope: its date is unknown to us, and its status
 * is only what the link last told (Jira embeds a linked issue's summary and status).
 */
import type { GraphItem } from '../../graph/graph-types.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { bySchedule, signal } from '../rule-helpers.js';

export const externalDependencyRule: RiskRule = {
  id: 'external-dependency',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const dependents = new Map<number, GraphItem[]>();
    ctx.items.forEach((item, i) => {
      for (let k = ctx.blockerOffsets[i] as number; k < (ctx.blockerOffsets[i + 1] as number); k++) {
        const b = ctx.blockers[k] as number;
        if (!(ctx.items[b] as GraphItem).placeholder) continue;
        let list = dependents.get(b);
        if (!list) dependents.set(b, (list = []));
        list.push(item);
      }
    });
    const signals: RiskSignal[] = [];
    ctx.items.forEach((placeholder, p) => {
      if (!placeholder.placeholder || placeholder.statusCategory === 'done') return;
      const waiting = dependents.get(p) ?? [];
      const schedule = ctx.schedules[p]!;
      const firstWaiting = waiting[0];
      signals.push(
        signal({
          rule: 'external-dependency',
          severity: bySchedule(schedule, 'high', 'medium', 'low'),
          owner: firstWaiting ? ctx.ownerOf(firstWaiting) : ctx.programOwner,
          subjectIds: [placeholder.id],
          title: `External dependency ${placeholder.key} (${placeholder.status ? `${placeholder.status}, no date` : 'status unknown'})`,
          evidence: {
            text: `${waiting.length ? waiting.map((w) => w.key).join(', ') : 'Program work'} depends on ${placeholder.key}, outside the synced scope; the schedule assumes ${schedule.durationDays} working days.`,
            data: { placeholderId: placeholder.id, dependentIds: waiting.map((w) => w.id), assumedDays: schedule.durationDays, critical: schedule.critical },
          },
          mitigation: `Get a committed date for ${placeholder.key} from its owner, or add its project to the program's sync scope.`,
          needBy: schedule.lateFinishDate,
          crossTeam: true,
        }),
      );
    });
    return signals;
  },
};
