/**
 * Converts CPM's working-day numbers (0 = start of the first working day on or after asOf)
 * to calendar dates. Indices are materialized once and ISO strings cached, so converting
 * 100k schedules costs one lookup each instead of a calendar walk.
 */
import type { IsoDate } from './graph-types.js';
import { dayNumberToIso, type WorkingDays } from './work-calendar.js';

const FRACTION = 1e-9;

export class WorkingDayDates {
  private readonly days: number[] = [];
  private readonly isos: (IsoDate | undefined)[] = [];

  constructor(
    private readonly workingDays: WorkingDays,
    originDay: number,
  ) {
    this.days.push(workingDays.nextWorkingDay(originDay));
  }

  /** Calendar day number of working day `index` (>= 0). */
  dayOf(index: number): number {
    const days = this.days;
    while (days.length <= index) days.push(this.workingDays.nextWorkingDay((days[days.length - 1] as number) + 1));
    return days[index] as number;
  }

  isoOf(index: number): IsoDate {
    let iso = this.isos[index];
    if (iso === undefined) this.isos[index] = iso = dayNumberToIso(this.dayOf(index));
    return iso;
  }

  /** The date on which work starting at `start` working days begins. */
  startDate(start: number): IsoDate {
    return this.isoOf(Math.max(0, Math.floor(start + FRACTION)));
  }

  /**
   * The date on which work ending at `finish` working days ends (the end of that day); the same
   * as `WorkingDays.addWorkingDays(asOf, finish)`. A zero finish is the first working day.
   */
  finishDate(finish: number): IsoDate {
    return this.isoOf(Math.max(0, Math.ceil(finish - FRACTION) - 1));
  }
}
