/**
 * Scores past forecasts against what happened: hit rates of each percentile date, error of the
 * P50 date in working days, and a reliability table (claimed probability vs observed share of
 * real finishes on or before that date). Pure.
 */
import type { IsoDate, WorkCalendar } from '../graph/graph-types.js';
import type { CdfPoint } from '../forecast/forecast-types.js';
import { WorkingDays, isoToDayNumber } from '../graph/work-calendar.js';
import { median } from '../graph/order-stats.js';

/** Claimed probabilities the reliability table checks. */
export const RELIABILITY_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95] as const;

export interface ForecastDates {
  readonly p10: IsoDate;
  readonly p50: IsoDate;
  readonly p85: IsoDate;
  readonly p95: IsoDate;
}

/** One past forecast and what happened. */
export interface ScoredCase {
  readonly target: string;
  readonly asOf: IsoDate;
  readonly dates: ForecastDates;
  readonly cdf: readonly CdfPoint[];
  readonly actual: IsoDate;
  /** Working days from as-of to the P50 date and to the real finish. */
  readonly p50WorkingDays: number;
  readonly actualWorkingDays: number;
  /** P50 date minus real finish, in working days: positive = forecast too late. */
  readonly errorP50: number;
  readonly hits: { readonly p10: boolean; readonly p50: boolean; readonly p85: boolean; readonly p95: boolean };
}

export interface ReliabilityRow {
  readonly claimed: number;
  /** Share of cases whose real finish was on or before the date claimed with this probability. */
  readonly observed: number;
  readonly cases: number;
}

export interface BacktestScore {
  readonly cases: number;
  readonly hitRates: { readonly p10: number; readonly p50: number; readonly p85: number; readonly p95: number } | null;
  readonly meanErrorP50: number | null;
  readonly medianErrorP50: number | null;
  readonly medianAbsErrorP50: number | null;
  readonly reliability: readonly ReliabilityRow[];
}

/** The first date the forecast gives at least probability `q`. */
export function dateAtProbability(cdf: readonly CdfPoint[], q: number): IsoDate {
  const point = cdf.find((p) => p.probability >= q - 1e-9) ?? cdf[cdf.length - 1];
  if (!point) throw new RangeError('empty forecast CDF');
  return point.date;
}

export function scoreCase(
  input: { readonly target: string; readonly asOf: IsoDate; readonly dates: ForecastDates; readonly cdf: readonly CdfPoint[]; readonly actual: IsoDate },
  calendar: WorkCalendar,
): ScoredCase {
  const days = new WorkingDays(calendar);
  const asOf = isoToDayNumber(input.asOf);
  const actual = isoToDayNumber(input.actual);
  const p50 = isoToDayNumber(input.dates.p50);
  const met = (date: IsoDate) => actual <= isoToDayNumber(date);
  return {
    ...input,
    p50WorkingDays: days.workingDaysBetween(asOf, p50 + 1),
    actualWorkingDays: days.workingDaysBetween(asOf, actual + 1),
    errorP50: days.workingDaysBetween(actual, p50),
    hits: { p10: met(input.dates.p10), p50: met(input.dates.p50), p85: met(input.dates.p85), p95: met(input.dates.p95) },
  };
}

export function summarizeScores(cases: readonly ScoredCase[]): BacktestScore {
  const n = cases.length;
  if (n === 0) return { cases: 0, hitRates: null, meanErrorP50: null, medianErrorP50: null, medianAbsErrorP50: null, reliability: [] };
  const rate = (pick: (c: ScoredCase) => boolean) => round(cases.filter(pick).length / n);
  const errors = cases.map((c) => c.errorP50);
  return {
    cases: n,
    hitRates: { p10: rate((c) => c.hits.p10), p50: rate((c) => c.hits.p50), p85: rate((c) => c.hits.p85), p95: rate((c) => c.hits.p95) },
    meanErrorP50: round(errors.reduce((a, b) => a + b, 0) / n, 1),
    medianErrorP50: median(errors),
    medianAbsErrorP50: median(errors.map(Math.abs)),
    reliability: RELIABILITY_LEVELS.map((claimed) => ({
      claimed,
      observed: rate((c) => isoToDayNumber(c.actual) <= isoToDayNumber(dateAtProbability(c.cdf, claimed))),
      cases: n,
    })),
  };
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
