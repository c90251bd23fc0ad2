/**
 * Tunables of the CPM engine. Defaults are deliberately conservative; programs override them
 * in seams.config.yaml, so the schema doubles as the config contract.
 */
import { z } from 'zod';

export const analyzeOptionsSchema = z.object({
  /** Working days for an open item when its team has no history at all. */
  defaultDurationDays: z.number().nonnegative().default(3),
  /** Working days assumed for a placeholder (unknown status, outside the synced scope). */
  placeholderDurationDays: z.number().nonnegative().default(5),
  /** Least remaining work of an in-progress item, however long it has been running. */
  minRemainingDays: z.number().nonnegative().default(0.5),
  /** Working days per estimate unit when the team has neither daysPerPoint nor cycle times. */
  defaultDaysPerPoint: z.number().nonnegative().default(1),
  /** Items with total float up to this many working days are near-critical. */
  nearCriticalDays: z.number().nonnegative().default(2),
  /** Float at or below this is zero (durations are fractional, sums drift). */
  epsilon: z.number().nonnegative().default(1e-6),
});

export type AnalyzeOptions = z.output<typeof analyzeOptionsSchema>;

export const DEFAULT_ANALYZE_OPTIONS: AnalyzeOptions = Object.freeze(analyzeOptionsSchema.parse({}));

export function resolveAnalyzeOptions(partial: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  return analyzeOptionsSchema.parse({ ...DEFAULT_ANALYZE_OPTIONS, ...stripUndefined(partial) });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
