/**
 * Bounds of a schedule. Past them a duration is a data error (an estimate typed in hours, a
 * stray 1e9), and turning it into dates would print year 40357 or exhaust memory walking the
 * calendar, so the engine stops with the item named instead.
 */

/** One item's remaining work: about forty working years. */
export const MAX_DURATION_DAYS = 10_000;
/**
 * The whole program, in working days from asOf. Generous (a 100k-item chain of one-day tasks
 * fits) but keeps every date a four-digit year and the calendar walk to a few milliseconds.
 */
export const MAX_SCHEDULE_DAYS = 1_000_000;
/** Calendar years a graph date may fall in. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

export class ScheduleLimitError extends Error {
  override readonly name = 'ScheduleLimitError';
  constructor(
    readonly itemId: string,
    readonly itemKey: string,
    readonly days: number,
    readonly limit: number,
    what: string,
  ) {
    super(`item ${itemKey === itemId ? itemId : `${itemKey} (${itemId})`}: ${what} of ${formatDays(days)} working days exceeds the limit of ${limit}`);
  }
}

function formatDays(days: number): string {
  return Number.isFinite(days) ? String(Math.round(days * 100) / 100) : String(days);
}
