import type { ForecastResult } from '../../../services/forecast/forecast-types.js';

export function forecastResult(overrides: Partial<ForecastResult> = {}): ForecastResult {
  return {
    program: 'Checkout',
    asOf: '2026-06-01',
    calendar: { weekendDays: [0, 6], holidays: [], timezone: 'Europe/London' },
    targetDate: '2026-07-15',
    trials: 10_000,
    seed: 1,
    p50: '2026-07-08',
    p85: '2026-07-15',
    p95: '2026-07-22',
    percentileWorkingDays: { p50: 28, p85: 33, p95: 38 },
    probabilityOnTarget: 0.85,
    histogram: [],
    cdf: [],
    criticality: [],
    lowConfidence: null,
    cycles: [],
    simulatedItems: 10,
    ...overrides,
  };
}
