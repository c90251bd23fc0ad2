/**
 * Display formatting shared by view models and Handlebars helpers. Calendar dates (IsoDate) are
 * already days in the program's timezone and are formatted as they are; instants (IsoDateTime)
 * are converted to the program's timezone first, so "today" is the program's today.
 */
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import { isoDateInZone, isoToDayNumber, WorkingDays } from '../graph/work-calendar.js';
import { byPhrase } from '../risk/need-by.js';
import type { StatusColour } from '../risk/status-colour.js';
import { formatPercent as formatProbability } from '../forecast/wording.js';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'] as const;

function dateParts(date: IsoDate): { year: string; month: string; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  const month = MONTHS[Number(match[2]) - 1];
  if (!month) throw new RangeError(`not an ISO date: ${date}`);
  return { year: match[1]!, month, day: Number(match[3]) };
}

/**
 * When something is needed, never as a date already gone: "by 10 Dec 2026", or
 * "overdue since 24 Nov 2026 (6 working days)" (Saturday/Sunday weekends).
 */
export function needByPhrase(date: IsoDate, today: IsoDate, format: (d: IsoDate) => string = formatDate): string {
  return byPhrase(date, today, WEEKDAYS, format);
}

const WEEKDAYS = new WorkingDays();

/** "15 July": the form used in sentences, where the year is obvious. */
export function formatDay(date: IsoDate): string {
  const { month, day } = dateParts(date);
  return `${day} ${month}`;
}

/** "15 Jul": chart axis labels, where space is short. */
export function formatShortDay(date: IsoDate): string {
  const { month, day } = dateParts(date);
  return `${day} ${month.slice(0, 3)}`;
}

/** "15 Jul 2027": the form used in tables. */
export function formatDate(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${day} ${month.slice(0, 3)} ${year}`;
}

/** The calendar day of an instant in the program's timezone. */
export function dayInZone(instant: IsoDateTime, timezone: string): IsoDate {
  return isoDateInZone(new Date(instant), timezone);
}

/** "24 May 2027, 09:00 CEST" in the program's timezone. */
export function formatDateTime(instant: IsoDateTime, timezone: string): string {
  const at = new Date(instant);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(at);
  return `${formatDate(isoDateInZone(at, timezone))}, ${time}`;
}

/** 0.859 → "85%" (the forecast's one rounding: down, never overstating); null → "n/a". */
export function formatPercent(probability: number | null): string {
  return probability === null ? 'n/a' : formatProbability(probability);
}

/** Difference of two probabilities in whole percentage points, e.g. "-14 pts". */
export function formatPointsDelta(points: number): string {
  if (points === 0) return '±0 pts';
  return `${points > 0 ? '+' : '−'}${Math.abs(points)} pts`;
}

export function percentagePoints(from: number, to: number): number {
  return Math.round(to * 100) - Math.round(from * 100);
}

/** "1 item", "3 items"; pass the plural when it is not the singular plus "s". */
/** "1 day", "2.5 days": CPM floats carry rounding noise (-1e-14), so counts show one decimal at most. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  const shown = Math.round(count * 10) / 10 || 0;
  return `${shown} ${shown === 1 ? singular : plural}`;
}

/** "Two" for 2 (up to ten), digits above; capitalized for the start of a sentence. */
export function countWord(count: number, capitalized = false): string {
  const word = NUMBER_WORDS[count] ?? String(count);
  return capitalized ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return isoToDayNumber(to) - isoToDayNumber(from);
}

/** A duration in the coarsest unit that keeps it readable: "45 min", "3 h", "2 d". */
export function formatAge(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

export const COLOUR_HEX: Readonly<Record<StatusColour, string>> = Object.freeze({
  green: '#1a7f37',
  yellow: '#b58100',
  red: '#c62828',
});

export function colourLabel(colour: StatusColour): string {
  return colour.charAt(0).toUpperCase() + colour.slice(1);
}

/**
 * Only http(s) URLs become links: tracker data is outside input, and a `javascript:` URL in an
 * href would run in the dashboard's origin.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** `publicUrl` + an absolute path; every link in a report must survive being read in a mail client. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A program's dashboard path; names are validated lowercase slugs, encoded anyway. */
export function programPath(name: string): string {
  return `/programs/${encodeURIComponent(name)}`;
}

/** "cut gift cards" from "Cut gift cards" inside a sentence, but leave "API rollout" alone. */
export function lowerFirst(text: string): string {
  if (text.length > 1 && /^[A-Z][a-z]/.test(text)) return text.charAt(0).toLowerCase() + text.slice(1);
  return text;
}
