/**
 * Week-over-week movement of a program's forecast: how far the p85 (and p50) moved and whether
 * the program is slipping. Working days use the current forecast's calendar.
 */
import type { IsoDate } from '../graph/graph-types.js';
import { WorkingDays, isoToDayNumber } from '../graph/work-calendar.js';
import type { ForecastResult } from './forecast-types.js';

/** Default: a p85 a full working week later than last time is a slip. */
export const DEFAULT_SLIP_THRESHOLD_DAYS = 5;

export interface ForecastComparison {
  readonly previousP85: IsoDate;
  readonly currentP85: IsoDate;
  /** Positive = later than the previous forecast. */
  readonly p85MovedWorkingDays: number;
  readonly p85MovedCalendarDays: number;
  readonly p50MovedWorkingDays: number;
  /** Change in P(hit target), null unless both forecasts have one for the same target. */
  readonly probabilityChange: number | null;
  /** The p85 moved later by at least the threshold (working days). */
  readonly slipping: boolean;
}

export function compareForecasts(
  current: ForecastResult,
  previous: ForecastResult,
  options: { readonly slipThresholdDays?: number } = {},
): ForecastComparison {
  const threshold = options.slipThresholdDays ?? DEFAULT_SLIP_THRESHOLD_DAYS;
  const days = new WorkingDays(current.calendar);
  const moved = (from: IsoDate, to: IsoDate) => days.workingDaysBetween(isoToDayNumber(from), isoToDayNumber(to));
  const p85MovedWorkingDays = moved(previous.p85, current.p85);
  const sameTarget = current.targetDate !== null && current.targetDate === previous.targetDate;
  return {
    previousP85: previous.p85,
    currentP85: current.p85,
    p85MovedWorkingDays,
    p85MovedCalendarDays: isoToDayNumber(current.p85) - isoToDayNumber(previous.p85),
    p50MovedWorkingDays: moved(previous.p50, current.p50),
    probabilityChange:
      sameTarget && current.probabilityOnTarget !== null && previous.probabilityOnTarget !== null
        ? Math.round((current.probabilityOnTarget - previous.probabilityOnTarget) * 10_000) / 10_000
        : null,
    slipping: p85MovedWorkingDays >= threshold,
  };
}
