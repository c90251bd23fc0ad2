/**
 * Turns finished work into per-team profiles (cycle times with their estimates, days per point,
 * throughput, WIP and capacity). Dates are taken in the calendar's timezone.
 *
 * Cycle time convention (working-time.ts): the working time elapsed between the start and the
 * finish instant, in working days of 24 hours, so work handed on within a day takes a fraction of
 * a day. Work done entirely on non-working days is floored at MIN_CYCLE_TIME_DAYS.
 *
 * Only the part of the window that holds history counts: a team whose first item finished three
 * weeks ago has three weeks of throughput and WIP, not 26 weeks of mostly empty ones.
 */
import type { IsoDate, IsoDateTime, TeamHistoryFile, TeamProfile, WorkCalendar } from '../graph/graph-types.js';
import { isoToDayNumber } from '../graph/work-calendar.js';
import { median } from '../graph/order-stats.js';
import { createWorkingClock, type WorkingClock } from './working-time.js';

export const DEFAULT_HISTORY_WEEKS = 26;
/** Three hours: a floor that keeps log-scale statistics finite for instant hand-overs. */
export const MIN_CYCLE_TIME_DAYS = 0.125;

export interface FinishedItem {
  readonly team: string;
  readonly startedAt: IsoDateTime | Date;
  readonly finishedAt: IsoDateTime | Date;
  readonly estimate?: number | null;
  /** True when `startedAt` is the creation: the item never showed an in-progress status. */
  readonly fromCreation?: boolean;
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
  /** Working-time positions (working days from the window's start). */
  readonly start: number;
  readonly finish: number;
  readonly finishDay: number;
  readonly cycleTime: number;
  readonly estimate: number | null;
  readonly fromCreation: boolean;
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
  const clocks = new Map<string, WorkingClock>();
  const clockFor = (team: string) => {
    let clock = clocks.get(team);
    if (!clock) clocks.set(team, (clock = createWorkingClock(options.teamCalendars?.[team] ?? options.calendar, windowStart)));
    return clock;
  };

  for (const item of history.finished) {
    const clock = clockFor(item.team);
    const startedAt = toDate(item.startedAt);
    const finishedAt = toDate(item.finishedAt);
    const finishDay = clock.dayOf(finishedAt);
    // Reopened-and-backdated or clock-skewed records cannot give a cycle time.
    if (finishedAt < startedAt || finishDay < windowStart || finishDay >= end) continue;
    const start = clock.position(startedAt);
    const finish = clock.position(finishedAt);
    const estimate = item.estimate != null && item.estimate > 0 ? item.estimate : null;
    let spans = byTeam.get(item.team);
    if (!spans) byTeam.set(item.team, (spans = []));
    spans.push({ start, finish, finishDay, cycleTime: Math.max(MIN_CYCLE_TIME_DAYS, finish - start), estimate, fromCreation: item.fromCreation === true });
  }

  return [...byTeam.keys()].sort().map((team) => {
    const spans = byTeam.get(team) ?? [];
    const clock = clockFor(team);
    const ratios = spans.flatMap((s) => (s.estimate === null ? [] : [s.cycleTime / s.estimate]));
    const weekly = new Array<number>(weeks).fill(0);
    for (const s of spans) {
      const week = Math.floor((s.finishDay - windowStart) / 7);
      weekly[week] = (weekly[week] ?? 0) + 1;
    }
    const period = observedPeriod(spans, clock.dayStart(end));
    const cycleTimes = spans.map((s) => s.cycleTime);
    const throughputPerDay = period.length > 0 ? spans.length / period.length : 0;
    const meanCycleTime = cycleTimes.reduce((a, b) => a + b, 0) / cycleTimes.length;
    const explicitCalendar = options.teamCalendars?.[team];
    return {
      team,
      calendar: explicitCalendar,
      cycleTimes,
      daysPerPoint: median(ratios),
      weeklyThroughput: weekly,
      wipLimit: observedWip(spans, period),
      estimates: spans.map((s) => s.estimate),
      throughputPerDay: round4(throughputPerDay),
      historyWeeks: Math.min(weeks, Math.ceil((end - period.firstDay) / 7)),
      ...(throughputPerDay > 0 ? { capacity: round4(throughputPerDay * meanCycleTime) } : {}),
      leadTimeShare: round4(spans.filter((s) => s.fromCreation).length / spans.length),
    };
  });

  function toDate(instant: IsoDateTime | Date): Date {
    const date = instant instanceof Date ? instant : new Date(instant);
    if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO timestamp: ${String(instant)}`);
    return date;
  }
}

interface Period {
  /** Working-time position where the team's observed history begins. */
  readonly from: number;
  readonly length: number;
  /** Calendar day of the first finish. */
  readonly firstDay: number;
}

/**
 * The stretch of the window that holds the team's history. Counting back from the end, n
 * finishes span n gaps between finishes (the last one to the end included), so a team whose
 * history starts inside the window is observed from its first finish. A first finish within two
 * typical gaps of the window's start means the history fills the window: observed from its start.
 */
function observedPeriod(spans: readonly Span[], endPosition: number): Period {
  const finishes = spans.map((s) => s.finish).sort((a, b) => a - b);
  const first = finishes[0] ?? endPosition;
  const gap = (endPosition - first) / Math.max(1, finishes.length);
  const from = first <= 2 * gap ? 0 : first;
  const firstDay = Math.min(...spans.map((s) => s.finishDay));
  return { from, length: endPosition - from, firstDay };
}

/**
 * Time-averaged number of items in progress over the observed period, at least 1. Spans are
 * half-open [start, finish), so an item handed on in the morning and the next one started that
 * afternoon are never counted as two at once. Items still open are unknown here, so this
 * undercounts near the end; the forecast prefers `capacity` (from throughput) when it has it.
 */
function observedWip(spans: readonly Span[], period: Period): number {
  if (period.length <= 0) return 1;
  const end = period.from + period.length;
  let busy = 0;
  for (const s of spans) busy += Math.max(0, Math.min(s.finish, end) - Math.max(s.start, period.from));
  return Math.max(1, Math.round(busy / period.length));
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
