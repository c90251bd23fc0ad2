/**
 * Order statistics shared by the graph's duration estimates, the risk rules, the forecast and the
 * backtest: one median, one percentile, and the two helpers the simulation's hot loops use.
 */

/** Median (mean of the two middle values for even lengths); null for an empty sample. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Nearest-rank percentile (`p` in 0..1): the smallest observed value with at least p of the
 * sample at or below it — an actual cycle time a team lead can look up, never an interpolation.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}

/**
 * Nearest-rank percentile of an ascending array (no copy, for the simulation's trial outcomes),
 * so "p85" is a value 85% of trials actually met. The epsilon keeps p·n that lands on an integer
 * from rounding up a rank.
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length - 1e-9)));
  return sorted[rank - 1] as number;
}

/** First index in ascending `sorted[from, to)` whose value is strictly greater than `value`. */
export function upperBound(sorted: ArrayLike<number>, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
