/** The CPM projected finish lands after the program's target date. */
import { isoToDayNumber } from '../../graph/work-calendar.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { signal } from '../rule-helpers.js';

const PATH_SHOWN = 20;

export const targetMissRule: RiskRule = {
  id: 'target-miss',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const target = ctx.graph.targetDate;
    const finish = ctx.analysis.finishDate;
    if (target === null || finish <= target) return [];
    // Working days after the target up to and including the finish day.
    const late = ctx.workingDays.workingDaysBetween(isoToDayNumber(target) + 1, isoToDayNumber(finish) + 1);
    const overdue = target < ctx.graph.asOf;
    const path = ctx.analysis.criticalPath;
    const teams = [...new Set(path.map((id) => ctx.items[ctx.indexOf.get(id) ?? -1]?.team).filter((t): t is string => typeof t === 'string'))];
    return [
      signal({
        rule: 'target-miss',
        severity: late > ctx.thresholds.targetMissCriticalDays ? 'critical' : 'high',
        owner: ctx.programOwner,
        subjectIds: [],
        title: overdue ? `Projected finish ${finish}: the target is ${ctx.by(target)}` : `Projected finish ${finish} is ${late} working days after the ${target} target`,
        evidence: {
          text: `Seams' schedule (CPM): the critical path (${path.length} items through ${teams.join(', ') || 'no team'}) ends ${finish}; the target ${overdue ? `was ${ctx.by(target)}` : `is ${target}`}.`,
          data: { finishDate: finish, targetDate: target, workingDaysLate: late, criticalPath: path.slice(0, PATH_SHOWN), criticalPathLength: path.length },
        },
        mitigation: `Decide: move the target to ${finish}, add capacity on the critical path (${teams.join(', ') || 'its teams'}), or cut scope.`,
        needBy: target,
        impactDays: late,
        crossTeam: true,
      }),
    ];
  },
};
