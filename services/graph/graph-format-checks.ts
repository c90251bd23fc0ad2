/**
 * Checks shared by the zod schema of the program graph (graph-schema.ts) and its hand-checked fast
 * paths (graph-fast-path.ts, graph-header-fast-path.ts), so both accept exactly the same input.
 */
import { MAX_YEAR, MIN_YEAR } from './schedule-limits.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}(T|$)/;

export const YEAR_RANGE_TEXT = `a year in ${MIN_YEAR}..${MAX_YEAR}`;

/** `YYYY-MM-DD` naming a real day (whatever its year). */
export function isIsoDateText(s: string): boolean {
  return ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** An ISO timestamp (or date) that `Date.parse` reads (whatever its year). */
export function isIsoDateTimeText(s: string): boolean {
  return ISO_DATE_PREFIX.test(s) && !Number.isNaN(Date.parse(s));
}

/** The leading `YYYY` lies in MIN_YEAR..MAX_YEAR. */
export function inYearRange(s: string): boolean {
  const year = Number(s.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** A JSON object as JSON.parse makes it (the fast paths leave anything more exotic to zod). */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
