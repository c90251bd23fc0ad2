/**
 * What a sync could not keep as the tracker sent it, in three kinds the sync summary and the
 * report's data-quality notes count per source:
 * - dropped: a record not stored at all (an unreadable issue, a history entry without a date, a
 *   self-relation, a link whose id no index can hold);
 * - sanitised: a value stored changed (a NUL removed, an impossible date emptied);
 * - truncated: the tracker said "more" without telling where (a null cursor), so the rest of that
 *   list was never read.
 */
export type QualityKind = 'dropped' | 'sanitised' | 'truncated';

export interface QualityCounts {
  readonly dropped: number;
  readonly sanitised: number;
  readonly truncated: number;
}

export const NO_QUALITY_ISSUES: QualityCounts = { dropped: 0, sanitised: 0, truncated: 0 };

/** Counts of a list of problems that carry a kind; problems without one are notes, not losses. */
export function countQuality(problems: readonly { readonly kind?: QualityKind | undefined }[]): QualityCounts {
  const counts = { dropped: 0, sanitised: 0, truncated: 0 };
  for (const problem of problems) if (problem.kind) counts[problem.kind]++;
  return counts;
}

export function hasQualityIssues(counts: QualityCounts): boolean {
  return counts.dropped + counts.sanitised + counts.truncated > 0;
}
