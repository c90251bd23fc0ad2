/**
 * Dates in advice. A date before as-of is never offered as something to do "before": a missed
 * need-by is said as "overdue since D (N working days)".
 */
import type { IsoDate } from '../graph/graph-types.js';
import { isoToDayNumber, type WorkingDays } from '../graph/work-calendar.js';

function overdueWorkingDays(date: IsoDate, asOf: IsoDate, workingDays: WorkingDays): number {
  return date < asOf ? Math.max(1, workingDays.workingDaysBetween(isoToDayNumber(date), isoToDayNumber(asOf))) : 0;
}

/** "before 2026-12-10", or "now: overdue since 2026-11-24 (6 working days)". */
export function beforePhrase(date: IsoDate, asOf: IsoDate, workingDays: WorkingDays, format: (d: IsoDate) => string = (d) => d): string {
  if (date >= asOf) return `before ${format(date)}`;
  return `now: ${overduePhrase(date, asOf, workingDays, format)}`;
}

/** "by 2026-12-10", or "overdue since 2026-11-24 (6 working days)". */
export function byPhrase(date: IsoDate, asOf: IsoDate, workingDays: WorkingDays, format: (d: IsoDate) => string = (d) => d): string {
  return date >= asOf ? `by ${format(date)}` : overduePhrase(date, asOf, workingDays, format);
}

export function overduePhrase(date: IsoDate, asOf: IsoDate, workingDays: WorkingDays, format: (d: IsoDate) => string = (d) => d): string {
  const n = overdueWorkingDays(date, asOf, workingDays);
  return `overdue since ${format(date)} (${n} working day${n === 1 ? '' : 's'})`;
}
