/**
 * Turns simulated finish times (working days from the start of `asOf`) into dates, percentiles,
 * the histogram and CDF the charts draw, and the probability of meeting the target.
 * A finish time T ends on the ceil(T)-th working day counting `asOf` (rolled forward to a
 * working day) as the first, the same convention as WorkingDays.addWorkingDays.
 * With a recalibration (recalibration.ts) every probability is the calibrated one and each
 * percentile is read at the raw level that carries it.
 */
import type { IsoDate, WorkCalendar } from '../graph/graph-types.js';
import { WorkingDays, dayNumberToIso, isoToDayNumber } from '../graph/work-calendar.js';
import type { CdfPoint, ForecastResult, HistogramBin, Recalibration } from './forecast-types.js';
import { nearestRank } from '../graph/order-stats.js';

export type FinishSummary = Pick<
  ForecastResult,
  'p50' | 'p85' | 'p95' | 'percentileWorkingDays' | 'probabilityOnTarget' | 'histogram' | 'cdf'
>;

/** Sorts `finishes` in place and summarizes it. */
export function summarizeFinishes(
  finishes: Float64Array,
  calendar: WorkCalendar,
  asOf: IsoDate,
  targetDate: IsoDate | null,
  recalibration: Recalibration | null = null,
): FinishSummary {
  const calibrated = (raw: number) => (recalibration ? recalibration.probability(raw) : raw);
  finishes.sort();
  const days = new WorkingDays(calendar);
  const start = isoToDayNumber(asOf);
  const dateOf = (workingDays: number): number => days.addWorkingDays(start, Math.max(0, workingDays));

  const bins: { day: number; trials: number }[] = [];
  let i = 0;
  while (i < finishes.length) {
    const whole = Math.max(0, Math.ceil(finishes[i]! - 1e-9));
    const day = dateOf(whole);
    let j = i;
    // Everything up to the same whole working day lands on the same date.
    while (j < finishes.length && finishes[j]! <= whole + 1e-9) j++;
    const last = bins[bins.length - 1];
    if (last && last.day === day) last.trials += j - i;
    else bins.push({ day, trials: j - i });
    i = j;
  }

  const total = finishes.length;
  const histogram: HistogramBin[] = [];
  const cdf: CdfPoint[] = [];
  let cumulative = 0;
  let previous = 0;
  for (const bin of bins) {
    cumulative += bin.trials;
    const date = dayNumberToIso(bin.day);
    const probability = calibrated(cumulative / total);
    histogram.push({ date, trials: bin.trials, probability: round(probability - previous) });
    cdf.push({ date, probability: round(probability) });
    previous = probability;
  }

  let probabilityOnTarget: number | null = null;
  if (targetDate !== null) {
    const target = isoToDayNumber(targetDate);
    let met = 0;
    for (const bin of bins) if (bin.day <= target) met += bin.trials;
    probabilityOnTarget = round(calibrated(met / total));
  }

  const p = (q: number) => nearestRank(finishes, recalibration ? recalibration.level(q) : q);
  return {
    p50: dayNumberToIso(dateOf(p(0.5))),
    p85: dayNumberToIso(dateOf(p(0.85))),
    p95: dayNumberToIso(dateOf(p(0.95))),
    percentileWorkingDays: { p50: round2(p(0.5)), p85: round2(p(0.85)), p95: round2(p(0.95)) },
    probabilityOnTarget,
    histogram,
    cdf,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
