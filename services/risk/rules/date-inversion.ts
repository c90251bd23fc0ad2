/**
 * A blocker due (or forecast by CPM to finish) after the date its dependent is due: the
 * dependent's date cannot hold unless one of them moves.
 */
import type { GraphItem } from '../../graph/graph-types.js';
import type { RiskContext } from '../risk-context.js';
import type { RiskRule, RiskSignal } from '../risk-types.js';
import { isOpen, label, signal } from '../rule-helpers.js';

export const dateInversionRule: RiskRule = {
  id: 'date-inversion',
  evaluate(ctx: RiskContext): RiskSignal[] {
    const signals: RiskSignal[] = [];
    ctx.items.forEach((dependent, i) => {
      const due = dependent.dueDate;
      if (due === null || !isOpen(dependent)) return;
      for (let k = ctx.blockerOffsets[i] as number; k < (ctx.blockerOffsets[i + 1] as number); k++) {
        const b = ctx.blockers[k] as number;
        const blocker = ctx.items[b] as GraphItem;
        if (!isOpen(blocker)) continue;
        const forecast = ctx.schedules[b]!.finishDate;
        const basis = blocker.dueDate !== null && blocker.dueDate > due ? 'due date' : forecast > due ? 'forecast' : null;
        if (basis === null) continue;
        const blockerDate = basis === 'due date' ? (blocker.dueDate as string) : forecast;
        signals.push(
          signal({
            rule: 'date-inversion',
            severity: ctx.schedules[i]!.critical ? 'high' : 'medium',
            owner: ctx.ownerOf(blocker),
            subjectIds: [blocker.id, dependent.id],
            title: `${blocker.key} lands after ${dependent.key} is due`,
            evidence: {
              text: `${label(blocker)} ${basis === 'due date' ? 'is due' : 'is forecast to finish'} ${blockerDate}, after ${dependent.key} is due ${due}.`,
              data: { blockerId: blocker.id, dependentId: dependent.id, basis, blockerDate, blockerDue: blocker.dueDate, blockerForecast: forecast, dependentDue: due },
            },
            mitigation: `Decide: pull ${blocker.key} in before ${due}, or move ${dependent.key}'s due date to after ${blockerDate}.`,
            needBy: due,
          }),
        );
      }
    });
    return signals;
  },
};
