/** Reporting periods are ISO weeks in the program's timezone, e.g. `2026-W48`. */
import { isoDateInZone, isoToDayNumber } from '../graph/work-calendar.js';

export function isoWeekPeriod(instant: Date, timezone: string): string {
  const day = isoToDayNumber(isoDateInZone(instant, timezone));
  const weekday = (((day + 3) % 7) + 7) % 7; // Monday = 0 (day 0 was a Thursday)
  const thursday = day - weekday + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const jan1 = isoToDayNumber(`${year}-01-01`);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
