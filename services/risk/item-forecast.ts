/**
 * Seams' own forecast dates per item, for the date rules. The Monte Carlo forecast reports the
 * program's percentiles in working days; CPM gives each item's early finish on the same scale
 * (working days from asOf). An item's P50/P85 finish is its early finish stretched by the ratio
 * of the forecast's percentile to the CPM finish: the schedule's own dates, widened by the spread
 * the simulation found across the whole network. Never earlier than the CPM date itself.
 */
import type { ProgramAnalysis } from '../graph/analysis-types.js';
import type { PercentileDays } from '../forecast/forecast-types.js';

/** Multipliers on CPM early-finish working days. */
export interface ForecastScale {
  readonly p50: number;
  readonly p85: number;
}

export const NO_FORECAST_SCALE: ForecastScale = Object.freeze({ p50: 1, p85: 1 });

export function forecastScale(analysis: Pick<ProgramAnalysis, 'finishDays'>, percentiles: Pick<PercentileDays, 'p50' | 'p85'> | null): ForecastScale {
  if (percentiles === null || !(analysis.finishDays > 0)) return NO_FORECAST_SCALE;
  const ratio = (days: number): number => (Number.isFinite(days) && days > analysis.finishDays ? days / analysis.finishDays : 1);
  return { p50: ratio(percentiles.p50), p85: Math.max(ratio(percentiles.p50), ratio(percentiles.p85)) };
}
