import { describe, expect, it } from 'vitest';
import { WorkingDays, dayNumberToIso, isoDateInZone, isoToDayNumber } from '../../../services/graph/work-calendar.js';

const wd = new WorkingDays({ weekendDays: [0, 6], holidays: ['2026-12-25'], timezone: 'UTC' });
const day = isoToDayNumber;

describe('WorkingDays', () => {
  it('round-trips ISO dates', () => {
    expect(dayNumberToIso(day('2026-07-15'))).toBe('2026-07-15');
  });

  it('knows weekends and holidays', () => {
    expect(wd.isWorkingDay(day('2026-11-27'))).toBe(true); // Friday
    expect(wd.isWorkingDay(day('2026-11-28'))).toBe(false); // Saturday
    expect(wd.isWorkingDay(day('2026-12-25'))).toBe(false); // holiday
  });

  it('adds working days across a weekend', () => {
    // Start Thursday, 3 days of work: Thu, Fri, Mon.
    expect(dayNumberToIso(wd.addWorkingDays(day('2026-11-26'), 3))).toBe('2026-11-30');
    expect(dayNumberToIso(wd.addWorkingDays(day('2026-11-28'), 0))).toBe('2026-11-30');
    expect(dayNumberToIso(wd.addWorkingDays(day('2026-11-26'), 0.5))).toBe('2026-11-26');
  });

  it('counts working days between dates, skipping holidays', () => {
    expect(wd.workingDaysBetween(day('2026-11-23'), day('2026-11-30'))).toBe(5);
    expect(wd.workingDaysBetween(day('2026-12-21'), day('2026-12-28'))).toBe(4);
    expect(wd.workingDaysBetween(day('2026-11-30'), day('2026-11-23'))).toBe(-5);
  });

  it('agrees with a day-by-day count', () => {
    const from = day('2026-01-01');
    for (let span = 0; span < 40; span++) {
      let n = 0;
      for (let d = from; d < from + span; d++) if (wd.isWorkingDay(d)) n++;
      expect(wd.workingDaysBetween(from, from + span)).toBe(n);
    }
  });

  it('gives the local date of an instant', () => {
    expect(isoDateInZone(new Date('2026-07-14T23:30:00Z'), 'Europe/Berlin')).toBe('2026-07-15');
  });
});
