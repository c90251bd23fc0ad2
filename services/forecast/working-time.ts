/**
 * Working time of an instant, the unit every cycle time and simulated duration is measured in.
 *
 * Convention: a working day is a whole 24-hour calendar day that the calendar works; an instant's
 * position is the number of working days since an anchor plus the elapsed share of its own day
 * (0 when that day is not worked). A cycle time is the difference of two positions, so work
 * started Monday 09:00 and finished Monday 17:00 takes 1/3 day, Monday 09:00 to Tuesday 09:00
 * one day, and Friday 17:00 to Monday 09:00 ~0.67 day (the weekend does not count). It is the
 * same clock the simulation runs on (a trial adds durations from the start of `asOf`), so history
 * and forecast agree without the ~1-day bias of counting both ends' dates.
 */
import type { WorkCalendar } from '../graph/graph-types.js';
import { WorkingDays, isoDateInZone, isoToDayNumber } from '../graph/work-calendar.js';

const DAY_MS = 86_400_000;

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** Seconds since local midnight of an instant in a timezone. */
function secondsOfDay(instant: Date, timezone: string): number {
  let formatter = clockFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormatters.set(timezone, formatter);
  }
  const [h, m, s] = formatter.format(instant).split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

export interface WorkingClock {
  /** Working days from the start of the anchor day to `instant`. */
  position(instant: Date): number;
  /** Working days from the start of the anchor day to the start of `day` (a day number). */
  dayStart(day: number): number;
  /** The calendar day (day number) of an instant in the calendar's timezone. */
  dayOf(instant: Date): number;
}

export function createWorkingClock(calendar: WorkCalendar, anchorDay: number): WorkingClock {
  const days = new WorkingDays(calendar);
  const dayOf = (instant: Date): number => {
    if (Number.isNaN(instant.getTime())) throw new RangeError(`not an ISO timestamp: ${String(instant)}`);
    return isoToDayNumber(isoDateInZone(instant, calendar.timezone));
  };
  const dayStart = (day: number): number => days.workingDaysBetween(anchorDay, day);
  return {
    dayOf,
    dayStart,
    position(instant: Date): number {
      const day = dayOf(instant);
      const share = days.isWorkingDay(day) ? Math.min(1, secondsOfDay(instant, calendar.timezone) / (DAY_MS / 1000)) : 0;
      return dayStart(day) + share;
    },
  };
}
