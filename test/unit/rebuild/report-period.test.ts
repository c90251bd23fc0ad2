import { describe, expect, it } from 'vitest';
import { isoWeekPeriod } from '../../../services/rebuild/report-period.js';

describe('isoWeekPeriod', () => {
  it.each([
    ['2026-11-25T12:00:00Z', 'UTC', '2026-W48'],
    ['2027-01-01T12:00:00Z', 'UTC', '2026-W53'],
    ['2024-12-30T12:00:00Z', 'UTC', '2025-W01'],
    ['2026-01-04T12:00:00Z', 'UTC', '2026-W01'],
    ['2026-01-05T12:00:00Z', 'UTC', '2026-W02'],
    // Sunday 23:30 UTC is already Monday in Berlin: the new week.
    ['2026-11-29T23:30:00Z', 'Europe/Berlin', '2026-W49'],
    ['2026-11-29T23:30:00Z', 'UTC', '2026-W48'],
  ])('%s in %s is %s', (instant, tz, expected) => {
    expect(isoWeekPeriod(new Date(instant), tz)).toBe(expected);
  });
});
