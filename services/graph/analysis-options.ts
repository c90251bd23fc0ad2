/**
 * Tunables of the CPM engine. Defaults are deliberately conservative. Checked by hand rather
 * than with zod: the engine is all `seams analyze` loads, and zod alone is ~40 ms of its start-up.
 */

export interface AnalyzeOptions {
  /** Working days for an open item when its team has no history at all. */
  readonly defaultDurationDays: number;
  /** Working days assumed for a placeholder (unknown status, outside the synced scope). */
  readonly placeholderDurationDays: number;
  /** Least remaining work of an in-progress item, however long it has been running. */
  readonly minRemainingDays: number;
  /** Working days per estimate unit when the team has neither daysPerPoint nor cycle times. */
  readonly defaultDaysPerPoint: number;
  /** Items with total float up to this many working days are near-critical. */
  readonly nearCriticalDays: number;
  /** Float at or below this is zero (durations are fractional, sums drift). */
  readonly epsilon: number;
}

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = Object.freeze({
  defaultDurationDays: 3,
  placeholderDurationDays: 5,
  minRemainingDays: 0.5,
  defaultDaysPerPoint: 1,
  nearCriticalDays: 2,
  epsilon: 1e-6,
});

/** The defaults overridden by the defined fields of `partial`; every value must be a number >= 0. */
export function resolveAnalyzeOptions(partial: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  const resolved: Record<keyof AnalyzeOptions, number> = { ...DEFAULT_ANALYZE_OPTIONS };
  for (const name of Object.keys(DEFAULT_ANALYZE_OPTIONS) as (keyof AnalyzeOptions)[]) {
    const value: unknown = partial[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`analysis option ${name} must be a number >= 0, got ${String(value)}`);
    }
    resolved[name] = value;
  }
  return resolved;
}
