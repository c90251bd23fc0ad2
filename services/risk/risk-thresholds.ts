/** Thresholds of the risk rules; programs override them in seams.config.yaml. */
import { z } from 'zod';

export const riskThresholdsSchema = z.object({
  /**
   * Least severity a `blocked` signal needs to be reported. Every todo item behind another open
   * item is technically blocked (tens of thousands on a large program); 'medium' keeps only
   * in-progress, near-critical and critical work.
   */
  blockedMinSeverity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  /**
   * A blocked item is raised only when its late start is within this many working days (or
   * already past): further out, the hand-off is ordinary planning, not a risk yet.
   */
  blockedHorizonDays: z.number().nonnegative().default(10),
  /** In-progress items without an update for this many working days are stale. */
  staleWorkingDays: z.number().nonnegative().default(5),
  /** In-progress age above this percentile of the team's cycle times is aging WIP. */
  agingPercentile: z.number().gt(0).max(1).default(0.85),
  /** Fewest finished items a team needs before its cycle-time percentile is trusted. */
  agingMinSamples: z.number().int().min(1).default(5),
  /** Growth in item count or points vs the previous snapshot, in percent, that counts as scope creep. */
  scopeCreepPercent: z.number().nonnegative().default(10),
  /** The p85 forecast moving later by at least this many calendar days is a slip. */
  forecastSlipDays: z.number().nonnegative().default(5),
  /** Projected finish later than the target by more than this many working days is critical, not just high. */
  targetMissCriticalDays: z.number().nonnegative().default(10),
});

export type RiskThresholds = z.output<typeof riskThresholdsSchema>;

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = Object.freeze(riskThresholdsSchema.parse({}));
