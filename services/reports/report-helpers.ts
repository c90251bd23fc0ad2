/**
 * Handlebars helpers: display only. Dates and percentages go through report-format so the
 * email, the text alternative and the dashboard say the same thing the same way.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import type { StatusColour } from '../risk/status-colour.js';
import {
  COLOUR_HEX,
  colourLabel,
  formatDate,
  formatDateTime,
  formatDay,
  formatPercent,
  formatPointsDelta,
  pluralize,
} from './report-format.js';

function rootTimezone(options: HelperOptions): string {
  const root = (options.data as { root?: { timezone?: unknown } } | undefined)?.root;
  return typeof root?.timezone === 'string' ? root.timezone : 'UTC';
}

const isColour = (value: unknown): value is StatusColour => value === 'green' || value === 'yellow' || value === 'red';

export const REPORT_HELPERS: Readonly<Record<string, HelperDelegate>> = {
  /** {{day "2027-07-15"}} → 15 July */
  day: (date: unknown) => (typeof date === 'string' ? formatDay(date) : ''),
  /** {{date "2027-07-15"}} → 15 Jul 2027 */
  date: (date: unknown) => (typeof date === 'string' ? formatDate(date) : ''),
  /** {{dateTime generatedAt}} in the program's timezone (the root context's `timezone`). */
  dateTime: (instant: unknown, options: HelperOptions) =>
    typeof instant === 'string' ? formatDateTime(instant, rootTimezone(options)) : '',
  percent: (p: unknown) => formatPercent(typeof p === 'number' ? p : null),
  points: (delta: unknown) => (typeof delta === 'number' ? formatPointsDelta(delta) : ''),
  /** {{plural n "item"}} or {{plural n "entry" "entries"}} */
  plural: (count: unknown, singular: unknown, ...rest: unknown[]) => {
    const plural = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    return pluralize(typeof count === 'number' ? count : 0, String(singular), plural);
  },
  /** {{signedDays 3}} → +3 d */
  signedDays: (days: unknown) => (typeof days === 'number' ? `${days > 0 ? '+' : days < 0 ? '−' : '±'}${Math.abs(days)} d` : ''),
  colourHex: (colour: unknown) => (isColour(colour) ? COLOUR_HEX[colour] : '#57606a'),
  colourLabel: (colour: unknown) => (isColour(colour) ? colourLabel(colour) : ''),
  /** {{or owner "Unassigned"}}: the first truthy argument. */
  or: (...args: unknown[]) => args.slice(0, -1).find((a) => a !== null && a !== undefined && a !== '') ?? '',
  /** First letter upper-case, for a phrase that starts a line ("need by …" → "Need by …"). */
  capitalize: (text: unknown) => (typeof text === 'string' ? text.charAt(0).toUpperCase() + text.slice(1) : ''),
  /** {{inc @index}}: 1-based positions in lists. */
  inc: (n: unknown) => (typeof n === 'number' ? n + 1 : ''),
  /** {{#if (gt n 0)}} */
  gt: (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b,
  /** {{encode team}}: one path segment of a link. */
  encode: (value: unknown) => (typeof value === 'string' ? encodeURIComponent(value) : ''),
  /** {{#if (eq status "done")}} */
  eq: (a: unknown, b: unknown) => a === b,
  /** Left-pads for the text alternative's aligned columns. */
  pad: (value: unknown, width: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return typeof width === 'number' ? text.padEnd(width) : text;
  },
};
