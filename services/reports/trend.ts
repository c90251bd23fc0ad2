/** Weekly trend points for the charts: confidence, the p85 date and the target in force that week. */
import type { IsoDate } from '../graph/graph-types.js';
import type { SnapshotSummary } from './report-inputs.js';
import { dayInZone } from './report-format.js';

export interface TrendPoint {
  /** Day the snapshot was taken, in the program's timezone. */
  readonly date: IsoDate;
  readonly confidence: number | null;
  readonly p85: IsoDate | null;
  readonly targetDate: IsoDate | null;
  /** The target this week differs from last week's: the chart marks it. */
  readonly targetMovedFrom: IsoDate | null;
  readonly targetMoved: boolean;
}

export function trendPoints(history: readonly SnapshotSummary[], timezone: string): TrendPoint[] {
  return history.map((h, i) => {
    const before = i > 0 ? history[i - 1]! : null;
    const moved = before !== null && before.targetDate !== h.targetDate;
    return {
      date: dayInZone(h.takenAt, timezone),
      confidence: h.confidence,
      p85: h.p85,
      targetDate: h.targetDate,
      targetMovedFrom: moved ? before.targetDate : null,
      targetMoved: moved,
    };
  });
}
