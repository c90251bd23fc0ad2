/**
 * Turns finished work into per-team profiles (cycle times, days per point, throughput, WIP).
 * Dates are taken in the calendar's timezone; a cycle time counts the working days the item
 * spanned, both ends included (the Kanban convention: started and finished on the same working
 * day = 1 day), floored at half a day for work done entirely on non-working days.
 */
import type { IsoDate, IsoDateTime, TeamHistoryFile, TeamProfile, WorkCalendar } from '../graph/graph-types.js';
import { WorkingDays, isoDateInZone, isoToDayNumber } from '../graph/work-calendar.js';
import { median } from './stats.js';

export const DEFAULT_HISTORY_WEEKS = 26;
export const MIN_CYCLE_TIME_DAYS = 0.5;

export interface FinishedItem {
  readonly team: string;
  readonly startedAt: IsoDateTime | Date;
  readonly finishedAt: IsoDateTime | Date;
  readonly estimate?: number | null;
}

export interface TeamHistoryOptions {
  /** Program calendar: working days and the timezone that turns instants into dates. */
  readonly calendar: WorkCalendar;
  /** End of the history window (exclusive: today's partial work is left out). */
  readonly asOf: IsoDate;
  /** Window length in weeks. Default 26. */
  readonly weeks?: number;
  /** Teams with their own calendar; others use `calendar`. */
  readonly teamCalendars?: Readonly<Record<string, WorkCalendar>>;
}

interface Span {
  readonly start: number;
  readonly finish: number;
  readonly cycleTime: number;
  readonly estimate: number | null;
}

/** Profiles of every team with at least one item finished inside the window, sorted by team. */
export function buildTeamProfiles(
  history: TeamHistoryFile | { readonly finished: readonly FinishedItem[] },
  options: TeamHistoryOptions,
): TeamProfile[] {
  const weeks = options.weeks ?? DEFAULT_HISTORY_WEEKS;
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`history weeks must be a positive integer, got ${weeks}`);
  const end = isoToDayNumber(options.asOf);
  const windowStart = end - weeks * 7;

  const byTeam = new Map<string, Span[]>();
  const calendars = new Map<string, { readonly calendar: WorkCalendar; readonly days: WorkingDays }>();
  const calendarFor = (team: string) => {
    let entry = calendars.get(team);
    if (!entry) {
      const calendar = options.teamCalendars?.[team] ?? options.calendar;
      entry = { calendar, days: new WorkingDays(calendar) };
      calendars.set(team, entry);
    }
    return entry;
  };

  for (const item of history.finished) {
    const { calendar, days } = calendarFor(item.team);
    const start = dayOf(item.startedAt, calendar.timezone);
    const finish = dayOf(item.finishedAt, calendar.timezone);
    // Reopened-and-backdated or clock-skewed records cannot give a cycle time.
    if (finish < start || finish < windowStart || finish >= end) continue;
    const cycleTime = Math.max(MIN_CYCLE_TIME_DAYS, days.workingDaysBetween(start, finish + 1));
    const estimate = item.estimate != null && item.estimate > 0 ? item.estimate : null;
    let spans = byTeam.get(item.team);
    if (!spans) byTeam.set(item.team, (spans = []));
    spans.push({ start, finish, cycleTime, estimate });
  }

  return [...byTeam.keys()].sort().map((team) => {
    const spans = byTeam.get(team) ?? [];
    const ratios = spans.flatMap((s) => (s.estimate === null ? [] : [s.cycleTime / s.estimate]));
    const weekly = new Array<number>(weeks).fill(0);
    for (const s of spans) {
      const week = Math.floor((s.finish - windowStart) / 7);
      weekly[week] = (weekly[week] ?? 0) + 1;
    }
    const explicitCalendar = options.teamCalendars?.[team];
    return {
      team,
      ...(explicitCalendar ? { calendar: explicitCalendar } : {}),
      cycleTimes: spans.map((s) => s.cycleTime),
      daysPerPoint: ratios.length > 0 ? median(ratios) : null,
      weeklyThroughput: weekly,
      wipLimit: observedWip(spans, windowStart, weeks),
    };
  });
}

/**
 * Median number of items occupying each week's first day, at least 1. Only finished items are
 * known here, so the most recent weeks undercount; the median over the window damps that.
 */
function observedWip(spans: readonly Span[], windowStart: number, weeks: number): number {
  const counts: number[] = [];
  for (let w = 0; w < weeks; w++) {
    const day = windowStart + w * 7;
    let n = 0;
    for (const s of spans) if (s.start <= day && s.finish >= day) n++;
    counts.push(n);
  }
  return Math.max(1, Math.round(median(counts)));
}

function dayOf(instant: IsoDateTime | Date, timezone: string): number {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO timestamp: ${String(instant)}`);
  return isoToDayNumber(isoDateInZone(date, timezone));
}
