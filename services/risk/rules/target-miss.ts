/**
 * The program lands after its target: by Seams' schedule (the CPM finish; high, critical when far
 * late) or, with the schedule in time, by the forecast's P85 (medium: likely enough to plan for,
 * not yet a certainty). The evidence says which date it used.
 */
import type { IsoDate } from '../../graph/graph-types.js';
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
    if (target === null) return [];
    if (finish <= target) return forecastMiss(ctx, target, finish);
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
          data: { basis: 'schedule', finishDate: finish, targetDate: target, workingDaysLate: late, criticalPath: path.slice(0, PATH_SHOWN), criticalPathLength: path.length },
        },
        mitigation: `Decide: move the target to ${finish}, add capacity on the critical path (${teams.join(', ') || 'its teams'}), or cut scope.`,
        needBy: target,
        impactDays: late,
        crossTeam: true,
      }),
    ];
  },
};

function forecastMiss(ctx: RiskContext, target: IsoDate, finish: IsoDate): RiskSignal[] {
  const p85 = ctx.forecast?.p85 ?? null;
  if (p85 === null || p85 <= target) return [];
  const late = ctx.workingDays.workingDaysBetween(isoToDayNumber(target) + 1, isoToDayNumber(p85) + 1);
  return [
    signal({
      rule: 'target-miss',
      severity: 'medium',
      owner: ctx.programOwner,
      subjectIds: [],
      title: `Forecast P85 ${p85} is ${late} working days after the ${target} target`,
      evidence: {
        text: `Seams' forecast (P85) lands ${p85}; Seams' schedule (CPM) ends ${finish}, before the ${target} target.`,
        data: { basis: 'forecast', p85, finishDate: finish, targetDate: target, workingDaysLate: late },
      },
      mitigation: `Review the critical path with its teams: at P85 the program lands ${late} working days after the target.`,
      needBy: target,
      impactDays: late,
      crossTeam: true,
    }),
  ];
}
