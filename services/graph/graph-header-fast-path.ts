/**
 * The hand-checked fast path for everything of a program graph but its items and links: version,
 * program, dates, calendar and team profiles. Small, but checking it by hand lets `seams analyze`
 * run without loading zod at all (~40 ms of start-up). Same contract as graph-fast-path.ts: what
 * `programGraphSchema` would return (values and key order), or `undefined` when zod must judge.
 */
import { inYearRange, isIsoDateText, isPlainObject } from './graph-format-checks.js';
import type { ProgramGraph, TeamProfile, WorkCalendar } from './graph-types.js';

export type GraphHeader = Omit<ProgramGraph, 'items' | 'links'>;

/** The graph's fields but items and links, as zod returns them, or undefined. */
export function checkGraphHeader(json: Readonly<Record<string, unknown>>): GraphHeader | undefined {
  const { version, program, asOf, targetDate = null, calendar, teams = [] } = json;
  if (version !== 1 || typeof program !== 'string' || program.length === 0 || !isDate(asOf)) return undefined;
  if (targetDate !== null && !isDate(targetDate)) return undefined;
  const checkedCalendar = calendar === undefined ? { weekendDays: [0, 6], holidays: [], timezone: 'UTC' } : checkCalendar(calendar);
  if (checkedCalendar === undefined || !Array.isArray(teams)) return undefined;
  const profiles: TeamProfile[] = [];
  const names = new Set<string>();
  for (const raw of teams) {
    const profile = checkTeam(raw);
    if (profile === undefined || names.has(profile.team)) return undefined;
    names.add(profile.team);
    profiles.push(profile);
  }
  return { version, program, asOf, targetDate, calendar: checkedCalendar, teams: profiles };
}

function checkCalendar(raw: unknown): WorkCalendar | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { weekendDays = [0, 6], holidays = [], timezone = 'UTC' } = raw;
  if (!isArrayOf(weekendDays, isWeekday) || weekendDays.length > 6 || !isArrayOf(holidays, isDate)) return undefined;
  if (typeof timezone !== 'string' || timezone.length === 0) return undefined;
  return { weekendDays: [...weekendDays], holidays: [...holidays], timezone };
}

const OPTIONAL_TEAM_FIELDS = ['calendar', 'estimates', 'throughputPerDay', 'historyWeeks', 'capacity', 'leadTimeShare'] as const;

/** A team profile in the schema's field order, its optional fields only when present. */
function checkTeam(raw: unknown): TeamProfile | undefined {
  if (!isPlainObject(raw)) return undefined;
  // zod keeps a key the input has even with an undefined value (never so in JSON): left to zod.
  if (OPTIONAL_TEAM_FIELDS.some((field) => field in raw && raw[field] === undefined)) return undefined;
  const { team, calendar, cycleTimes = [], daysPerPoint = null, weeklyThroughput = [], wipLimit = 1 } = raw;
  const { estimates, throughputPerDay, historyWeeks, capacity, leadTimeShare } = raw;
  if (typeof team !== 'string' || team.length === 0) return undefined;
  const checkedCalendar = calendar === undefined ? undefined : checkCalendar(calendar);
  if (calendar !== undefined && checkedCalendar === undefined) return undefined;
  if (!isArrayOf(cycleTimes, isDays) || !isArrayOf(weeklyThroughput, isDays)) return undefined;
  if (!(daysPerPoint === null || isDays(daysPerPoint)) || !(isNumber(wipLimit) && wipLimit >= 1)) return undefined;
  if (!(estimates === undefined || isArrayOf(estimates, isDaysOrNull))) return undefined;
  if (!(throughputPerDay === undefined || isDays(throughputPerDay)) || !(historyWeeks === undefined || isDays(historyWeeks))) return undefined;
  if (!(capacity === undefined || (isNumber(capacity) && capacity > 0))) return undefined;
  if (!(leadTimeShare === undefined || (isNumber(leadTimeShare) && leadTimeShare >= 0 && leadTimeShare <= 1))) return undefined;
  return {
    team,
    ...(checkedCalendar === undefined ? undefined : { calendar: checkedCalendar }),
    cycleTimes: [...cycleTimes],
    daysPerPoint,
    weeklyThroughput: [...weeklyThroughput],
    wipLimit,
    ...(estimates === undefined ? undefined : { estimates: [...estimates] }),
    ...(throughputPerDay === undefined ? undefined : { throughputPerDay }),
    ...(historyWeeks === undefined ? undefined : { historyWeeks }),
    ...(capacity === undefined ? undefined : { capacity }),
    ...(leadTimeShare === undefined ? undefined : { leadTimeShare }),
  };
}

/** zod's number(): finite only. */
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isDays = (value: unknown): value is number => isNumber(value) && value >= 0;
const isDaysOrNull = (value: unknown): value is number | null => value === null || isDays(value);
const isWeekday = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 6;
const isDate = (value: unknown): value is string => typeof value === 'string' && isIsoDateText(value) && inYearRange(value);
const isArrayOf = <T>(value: unknown, check: (element: unknown) => element is T): value is T[] => Array.isArray(value) && value.every(check);
