/**
 * Plain-English sentences for a forecast, used verbatim in leadership emails and the dashboard:
 * "70% likely by the 15 July target; 85% likely by 29 July", "p85 is 2 weeks after the target",
 * "62% chance of hitting 15 July". Dates are en-GB day-month, with the year only when it is not
 * the current year of the program's timezone. Percentages round down (never overstate) and
 * never claim certainty from a simulation: all trials hitting reads ">99%". This is the one
 * rounding of a probability: reports format percentages through `formatPercent` here.
 */
import type { IsoDate } from '../graph/graph-types.js';
import { isoDateInZone, isoToDayNumber } from '../graph/work-calendar.js';
import type { ForecastResult } from './forecast-types.js';

/** Confidence the headline quotes for the date it names. */
export const HEADLINE_CONFIDENCE = 0.85;

export interface WordingOptions {
  /** "Today" in the program's timezone, deciding whether a date needs its year. Default: the forecast's asOf. */
  readonly today?: IsoDate;
}

/** "15 July", or "15 July 2027" outside the current year. */
export function formatDay(date: IsoDate, today: IsoDate): string {
  const sameYear = date.slice(0, 4) === today.slice(0, 4);
  // IsoDate is already a calendar date in the program's timezone: format it as UTC to keep it.
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** The program's "today" for `formatDay`, from an instant and the program's timezone. */
export function todayIn(timezone: string, now: Date = new Date()): IsoDate {
  return isoDateInZone(now, timezone);
}

/** "62%", rounded down; "<1%" and ">99%" at the ends. */
export function formatPercent(probability: number): string {
  if (probability >= 1) return '>99%';
  if (probability <= 0) return '<1%';
  const floored = Math.floor(probability * 100 + 1e-9);
  return `${Math.min(99, Math.max(1, floored))}%`;
}

/** "3 weeks after", "4 days before", "on": how `date` sits relative to `reference`. */
export function describeGap(date: IsoDate, reference: IsoDate): string {
  const diff = isoToDayNumber(date) - isoToDayNumber(reference);
  if (diff === 0) return 'on';
  const days = Math.abs(diff);
  const amount = days < 14 ? plural(days, 'day') : plural(Math.round(days / 7), 'week');
  return `${amount} ${diff > 0 ? 'after' : 'before'}`;
}

/** "p85 is 3 weeks after the target"; null without a target. */
export function p85GapPhrase(forecast: ForecastResult): string | null {
  if (forecast.targetDate === null) return null;
  const gap = describeGap(forecast.p85, forecast.targetDate);
  return gap === 'on' ? 'p85 is on the target' : `p85 is ${gap} the target`;
}

/** "62% chance of hitting 15 July"; null without a target. */
export function chancePhrase(forecast: ForecastResult, options: WordingOptions = {}): string | null {
  if (forecast.targetDate === null || forecast.probabilityOnTarget === null) return null;
  const today = options.today ?? forecast.asOf;
  return `${formatPercent(forecast.probabilityOnTarget)} chance of hitting ${formatDay(forecast.targetDate, today)}`;
}

/**
 * The first sentence of a status email, saying both numbers plainly with one rounding:
 * "70% likely by the 5 April target; 85% likely by 16 April." Without a target, only the second.
 */
export function headline(forecast: ForecastResult, options: WordingOptions = {}): string {
  const today = options.today ?? forecast.asOf;
  const { targetDate, probabilityOnTarget } = forecast;
  const p85 = `${formatPercent(HEADLINE_CONFIDENCE)} likely by ${formatDay(forecast.p85, today)}`;
  if (targetDate === null || probabilityOnTarget === null) return `${capitalize(p85)}.`;
  const onTarget = `${formatPercent(probabilityOnTarget)} likely by the ${formatDay(targetDate, today)} target`;
  // The same sentence twice ("85% by the target; 85% by the target's day") says nothing more.
  if (forecast.p85 === targetDate) return `${onTarget}.`;
  return `${onTarget}; ${p85}.`;
}

/**
 * "Based on 10–30 finished items of history per team over 6–26 weeks." What the confidence
 * rests on; null for forecasts stored before the basis was recorded.
 */
export function basisSentence(forecast: ForecastResult): string | null {
  const teams = forecast.basis?.teams ?? [];
  if (teams.length === 0) return null;
  const items = range(teams.map((t) => t.finishedItems));
  const weeks = teams.flatMap((t) => (t.weeks === null ? [] : [t.weeks]));
  const over = weeks.length === teams.length ? ` over ${range(weeks)} week${Math.max(...weeks) === 1 ? '' : 's'}` : '';
  const noun = teams.length === 1 ? 'for the one team' : 'per team';
  const history = `Based on ${items} finished item${Math.max(...teams.map((t) => t.finishedItems)) === 1 ? '' : 's'} of history ${noun}${over}`;
  const n = forecast.calibratedOn ?? 0;
  const sentence = n > 0 ? `${history}, probabilities recalibrated on ${plural(n, 'past forecast')} of these teams whose outcome is known.` : `${history}.`;
  const shift = forecast.historyCorrection === undefined ? 0 : Math.round((1 - forecast.historyCorrection) * 100);
  const corrected =
    shift > 0
      ? `${sentence} Dates moved ${shift}% earlier: the uncertainty in these histories otherwise pushes dates later than they turn out.`
      : shift < 0
        ? `${sentence} Dates moved ${-shift}% later: taken at face value, these histories make dates earlier than they turn out.`
        : sentence;
  const kept = forecast.scopeKept;
  return kept === undefined
    ? corrected
    : `${corrected} As a release it is forecast to ship when ${Math.round(kept * 100)}% of its open work is done, the share the team's earlier releases shipped (the rest moved out).`;
}

function range(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${low}` : `${low}–${high}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Low confidence: fewer than 8 finished items … for Mobile; …", or null. */
export function confidenceCaveat(forecast: ForecastResult): string | null {
  return forecast.lowConfidence ? `Low confidence: ${forecast.lowConfidence.reason}.` : null;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
