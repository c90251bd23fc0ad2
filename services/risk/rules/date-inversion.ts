/**
 * A blocker that lands after its dependent is due: the dependent's date cannot hold unless one
 * of them moves. "Lands" is Seams' own forecast (P50/P85 per item, see item-forecast.ts) and the
 * evidence says so; a blocker whose tracker due date is later but whose forecast finishes in time
 * is only a tracker inconsistency (low). One signal per dependent, naming its late blockers.
 */
import { isoToDayNumber } from '../../graph/work-calendar.js';
import type { GraphItem, IsoDate } from '../../graph/graph-types.js';
import type { ItemForecast, RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal, Severity } from '../risk-types.js';
import { isOpen, signal } from '../rule-helpers.js';

interface Inversion {
  readonly blocker: GraphItem;
  readonly forecast: ItemForecast;
  readonly basis: 'forecast' | 'due date';
}

export const dateInversionRule: RiskRule = {
  id: 'date-inversion',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const signals: RiskSignal[] = [];
    const asOf = ctx.graph.asOf;
    const isDue = (date: IsoDate): string => (date < asOf ? `is ${ctx.by(date)}` : `is due ${date}`);
    ctx.items.forEach((dependent, i) => {
      const due = dependent.dueDate;
      if (due === null || !isOpen(dependent)) return;
      const found: Inversion[] = [];
      for (let k = ctx.blockerOffsets[i] as number; k < (ctx.blockerOffsets[i + 1] as number); k++) {
        const b = ctx.blockers[k] as number;
        const blocker = ctx.items[b] as GraphItem;
        if (!isOpen(blocker) || blocker.placeholder) continue;
        const forecast = ctx.forecastOf(b);
        if (forecast.p85 > due) found.push({ blocker, forecast, basis: 'forecast' });
        else if (blocker.dueDate !== null && blocker.dueDate > due) found.push({ blocker, forecast, basis: 'due date' });
      }
      if (found.length === 0) return;

      const schedule = ctx.schedules[i]!;
      const byForecast = found.filter((f) => f.basis === 'forecast');
      const crossTeam = found.some((f) => f.blocker.team !== dependent.team);
      if (byForecast.length === 0) {
        const keys = found.map((f) => f.blocker.key).join(', ');
        signals.push(
          signal({
            rule: 'date-inversion',
            severity: 'low',
            owner: ctx.ownerOf(dependent),
            subjectIds: [dependent.id, ...found.map((f) => f.blocker.id)],
            identity: { subject: dependent.id },
            title: `Tracker due dates of ${keys} and ${dependent.key} disagree`,
            evidence: {
              text: `${found.map((f) => `${f.blocker.key} ${isDue(f.blocker.dueDate as IsoDate)} in the tracker`).join('; ')}, after ${dependent.key}, which ${isDue(due)}; Seams' schedule finishes ${found.map((f) => `${f.blocker.key} by ${f.forecast.p85} (P85)`).join(', ')}, in time.`,
              data: data(found, dependent, due),
            },
            mitigation: `Align the tracker due dates of ${keys} with ${dependent.key}.`,
            needBy: due,
            crossTeam,
          }),
        );
        return;
      }

      const worst = byForecast.reduce((a, b) => (b.forecast.p85Days > a.forecast.p85Days ? b : a));
      const likely = byForecast.some((f) => f.forecast.p50 > due);
      const tight = schedule.critical || schedule.nearCritical;
      const severity: Severity = tight ? (likely ? 'high' : 'medium') : likely ? 'medium' : 'low';
      const keys = byForecast.map((f) => f.blocker.key).join(', ');
      const lateDays = Math.max(0, ctx.workingDays.workingDaysBetween(isoToDayNumber(due) + 1, isoToDayNumber(worst.forecast.p85) + 1));
      const float = schedule.slack + Math.max(0, ctx.targetFloatDays ?? 0);
      const overdue = due < asOf;
      signals.push(
        signal({
          rule: 'date-inversion',
          severity,
          owner: ctx.ownerOf(worst.blocker),
          subjectIds: [dependent.id, ...byForecast.map((f) => f.blocker.id)],
          identity: { subject: dependent.id },
          title: `${keys} ${byForecast.length === 1 ? 'lands' : 'land'} after ${dependent.key} is due`,
          evidence: {
            text: `Seams' forecast finishes ${byForecast.map((f) => `${f.blocker.key} by ${f.forecast.p50} (P50) / ${f.forecast.p85} (P85)${f.blocker.dueDate === null ? '' : `, tracker: ${isDue(f.blocker.dueDate)}`}`).join('; ')}; ${dependent.key} ${isDue(due)}.`,
            data: data(found, dependent, due),
          },
          mitigation: overdue
            ? `Decide: ${dependent.key} is ${ctx.by(due)} and waits on ${keys} (P85 ${worst.forecast.p85}): move its due date to after ${worst.forecast.p85}, or cut it.`
            : `Decide: pull ${keys} in to finish ${ctx.before(due)}, or move ${dependent.key}'s due date to after ${worst.forecast.p85}.`,
          needBy: due,
          impactDays: tight ? Math.max(0, Math.round(lateDays - float)) : 0,
          crossTeam,
        }),
      );
    });
    return signals;
  },
};

function data(found: readonly Inversion[], dependent: GraphItem, due: IsoDate) {
  return {
    dependentId: dependent.id,
    dependentDue: due,
    blockerIds: found.map((f) => f.blocker.id),
    basis: found.map((f) => f.basis),
    blockerDue: found.map((f) => f.blocker.dueDate ?? ''),
    blockerP50: found.map((f) => f.forecast.p50),
    blockerP85: found.map((f) => f.forecast.p85),
  };
}
