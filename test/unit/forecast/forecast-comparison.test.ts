import { describe, expect, it } from 'vitest';
import { compareForecasts } from '../../../services/forecast/forecast-comparison.js';
import { forecastResult } from './forecast-result-fixture.js';

describe('compareForecasts', () => {
  it('measures how far the p85 moved in working and calendar days', () => {
    const previous = forecastResult({ p85: '2026-07-15', p50: '2026-07-08', probabilityOnTarget: 0.85 });
    // Wed 15 Jul -> Wed 22 Jul: 5 working days, 7 calendar days.
    const current = forecastResult({ p85: '2026-07-22', p50: '2026-07-09', probabilityOnTarget: 0.61 });
    expect(compareForecasts(current, previous)).toEqual({
      previousP85: '2026-07-15',
      currentP85: '2026-07-22',
      p85MovedWorkingDays: 5,
      p85MovedCalendarDays: 7,
      p50MovedWorkingDays: 1,
      probabilityChange: -0.24,
      slipping: true,
    });
  });

  it('flags slipping only at or beyond the threshold, and not when pulling in', () => {
    const previous = forecastResult({ p85: '2026-07-15' });
    expect(compareForecasts(forecastResult({ p85: '2026-07-21' }), previous).slipping).toBe(false); // 4 working days
    expect(compareForecasts(forecastResult({ p85: '2026-07-21' }), previous, { slipThresholdDays: 4 }).slipping).toBe(true);
    const earlier = compareForecasts(forecastResult({ p85: '2026-07-08' }), previous);
    expect([earlier.p85MovedWorkingDays, earlier.slipping]).toEqual([-5, false]);
  });

  it('compares P(target) only for the same target', () => {
    const previous = forecastResult({ targetDate: '2026-07-01', probabilityOnTarget: 0.4 });
    expect(compareForecasts(forecastResult(), previous).probabilityChange).toBeNull();
  });
});
