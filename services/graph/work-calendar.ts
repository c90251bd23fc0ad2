/**
 * Working-day arithmetic on ISO dates. Dates are calendar days in the team's timezone, so the
 * maths is done on UTC midnights and never shifts with DST.
 */
import type { IsoDate, WorkCalendar } from './graph-types.js';

const DAY_MS = 86_400_000;

export const DEFAULT_CALENDAR: WorkCalendar = Object.freeze({
  weekendDays: Object.freeze([0, 6]),
  holidays: Object.freeze([]),
  timezone: 'UTC',
});

export function isoToDayNumber(date: IsoDate): number {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${date}`);
  return Math.floor(ms / DAY_MS);
}

export function dayNumberToIso(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// Building an Intl formatter costs ~30x formatting with one: keep one per timezone.
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a timezone (e.g. the "today" of a Berlin team). */
export function isoDateInZone(instant: Date, timezone: string): IsoDate {
  let formatter = zoneFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    zoneFormatters.set(timezone, formatter);
  }
  return formatter.format(instant);
}

/**
 * Precomputed working-day index: converts between calendar days and a dense count of working
 * days so CPM and Monte Carlo can work in plain integers and convert only at the edges.
 */
export class WorkingDays {
  private readonly weekend: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<number>;

  constructor(calendar: WorkCalendar = DEFAULT_CALENDAR) {
    if (calendar.weekendDays.length >= 7) throw new RangeError('a calendar needs at least one working weekday');
    this.weekend = new Set(calendar.weekendDays);
    this.holidays = new Set(calendar.holidays.map(isoToDayNumber));
  }

  isWorkingDay(day: number): boolean {
    // Day 0 (1970-01-01) was a Thursday.
    const weekday = (((day + 4) % 7) + 7) % 7;
    return !this.weekend.has(weekday) && !this.holidays.has(day);
  }

  /** First working day on or after `day`. */
  nextWorkingDay(day: number): number {
    let d = day;
    while (!this.isWorkingDay(d)) d++;
    return d;
  }

  /**
   * The calendar day on which `n` working days of work end when started at the beginning of
   * `startDay`. `n = 0` is `startDay` rolled to a working day; fractions round up to whole days.
   */
  addWorkingDays(startDay: number, n: number): number {
    let d = this.nextWorkingDay(startDay);
    let remaining = Math.ceil(n - 1e-9);
    if (remaining <= 0) return d;
    remaining -= 1;
    while (remaining > 0) {
      d++;
      if (this.isWorkingDay(d)) remaining--;
    }
    return d;
  }

  /** Working days in the half-open range [from, to). Negative when `to` is before `from`. */
  workingDaysBetween(from: number, to: number): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    const span = to - from;
    const weeks = Math.floor(span / 7);
    let count = weeks * (7 - this.weekend.size);
    for (let d = from + weeks * 7; d < to; d++) if (!this.weekend.has((((d + 4) % 7) + 7) % 7)) count++;
    for (const h of this.holidays) if (h >= from && h < to && !this.weekend.has((((h + 4) % 7) + 7) % 7)) count--;
    return count;
  }
}
