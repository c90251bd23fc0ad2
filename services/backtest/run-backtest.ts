/**
 * The backtest: for each target and as-of date, rebuild the state known then (replay-state.ts),
 * run the forecast Seams runs today on it (team profiles → scope → Monte Carlo, as
 * services/rebuild does), and score it against what really happened. Pure: history in, report out.
 *
 * As in the product, probabilities are recalibrated by the track record (recalibration.ts): a
 * forecast made on day D is corrected only by earlier forecasts of the same run whose outcome
 * was known before D, so the replay never learns from the future.
 */
import { InsufficientHistoryError } from '../forecast/forecast-errors.js';
import { forecastProgram } from '../forecast/monte-carlo.js';
import { createRecalibration, finishPit, recalibrateCdf } from '../forecast/recalibration.js';
import { buildTeamProfiles } from '../forecast/team-history.js';
import type { IsoDate, ProgramGraph, WorkCalendar } from '../graph/graph-types.js';
import { selectScope } from '../graph/program-scope.js';
import { upperBound } from '../graph/order-stats.js';
import { isoToDayNumber } from '../graph/work-calendar.js';
import { dateAtProbability, scoreCase, summarizeScores, type BacktestScore, type ScoredCase } from './backtest-score.js';
import { asOfDates, everInTarget, targetLabel, targetLife, type Schedule } from './backtest-targets.js';
import type { BacktestHistory, BacktestTarget } from './backtest-types.js';
import { majorityTeam, pastReleases, releaseScopeAt, type PastRelease, type ReleaseScope } from './release-scope.js';
import { replayStateAt } from './replay-state.js';

export interface BacktestOptions {
  readonly calendar: WorkCalendar;
  readonly schedule: Schedule;
  /** Last day the data covers: work still open then has no known finish. */
  readonly dataEnd: IsoDate;
  readonly historyWeeks: number;
  readonly trials: number;
  readonly seed: number;
  readonly minFinishedItems: number;
  /** Recalibrate each forecast by the earlier outcomes (default), as the product does. */
  readonly recalibrate?: boolean;
}

export interface BacktestCase extends ScoredCase {
  /** Items in the target as of the as-of date, and how many of them were still open. */
  readonly scopeItems: number;
  readonly openItems: number;
  /** Teams that sampled pooled history because their own was too thin. */
  readonly borrowedHistory: readonly string[];
  /** For a dated release: the share of its open scope past releases shipped, when known. */
  readonly releaseScope: ReleaseScope | null;
  /** The probability the simulation (before recalibration) gave to finishing before the real finish. */
  readonly pit: number;
  /** Earlier forecasts, with known outcomes, that recalibrated this one. */
  readonly calibratedOn: number;
}

export interface SkippedCase {
  readonly target: string;
  readonly asOf: IsoDate | null;
  readonly reason: string;
}

export interface TargetRow {
  readonly target: string;
  readonly actual: IsoDate | null;
  readonly score: BacktestScore;
}

export interface BacktestReport {
  readonly summary: BacktestScore;
  /** The same forecasts scored without recalibration: what the simulation alone says. */
  readonly uncalibrated: BacktestScore;
  readonly targets: readonly TargetRow[];
  readonly cases: readonly BacktestCase[];
  readonly skipped: readonly SkippedCase[];
  /** Keys of items in the backtested targets whose status history is missing (reported, not guessed). */
  readonly missingHistory: readonly string[];
}

export function runBacktest(
  history: BacktestHistory,
  targets: readonly BacktestTarget[],
  options: BacktestOptions,
  missingHistoryKeys: ReadonlySet<string> = new Set(),
): BacktestReport {
  const raw: BacktestCase[] = [];
  const skipped: SkippedCase[] = [];
  const lives: { label: string; end: IsoDate | null }[] = [];
  const missing = new Set<string>();
  const releases = pastReleases(history);
  for (const target of targets) {
    const label = targetLabel(target);
    const life = targetLife(history, target);
    if (!life) {
      skipped.push({ target: label, asOf: null, reason: 'no item was ever in it' });
      continue;
    }
    for (const item of history.items) if (missingHistoryKeys.has(item.key) && everInTarget(item, target)) missing.add(item.key);
    let scored = 0;
    for (const asOf of asOfDates(life, options.schedule, options.dataEnd)) {
      const outcome = backtestOne(history, target, label, asOf, options, releases);
      if ('reason' in outcome) skipped.push(outcome);
      else {
        raw.push(outcome);
        scored++;
      }
    }
    if (life.end === null && scored === 0) skipped.push({ target: label, asOf: null, reason: 'still open at the end of the data: nothing to compare with' });
    lives.push({ label, end: life.end });
  }
  const cases = options.recalibrate === false ? raw : recalibrateByTrackRecord(raw, options.calendar);
  const rows: TargetRow[] = lives.map(({ label, end }) => {
    const own = cases.filter((c) => c.target === label);
    return { target: label, actual: own[own.length - 1]?.actual ?? end, score: summarizeScores(own) };
  });
  return { summary: summarizeScores(cases), uncalibrated: summarizeScores(raw), targets: rows, cases, skipped, missingHistory: [...missing].sort() };
}

/** Each case rescored after recalibration by the outcomes known before its as-of date. */
function recalibrateByTrackRecord(raw: readonly BacktestCase[], calendar: WorkCalendar): BacktestCase[] {
  // Outcomes in the order they became known: a forecast learns from the prefix known before it.
  const outcomes = [...raw].sort((a, b) => isoToDayNumber(a.actual) - isoToDayNumber(b.actual));
  const knownOn = Float64Array.from(outcomes, (c) => isoToDayNumber(c.actual));
  return raw.map((c) => {
    const known = upperBound(knownOn, 0, knownOn.length, isoToDayNumber(c.asOf) - 1);
    if (known === 0) return c;
    const pits = outcomes.slice(0, known).map((o) => o.pit);
    const cdf = recalibrateCdf(c.cdf, createRecalibration(pits));
    const dates = { p10: dateAtProbability(cdf, 0.1), p50: dateAtProbability(cdf, 0.5), p85: dateAtProbability(cdf, 0.85), p95: dateAtProbability(cdf, 0.95) };
    return { ...c, ...scoreCase({ target: c.target, asOf: c.asOf, dates, cdf, actual: c.actual }, calendar), calibratedOn: pits.length };
  });
}

function backtestOne(
  history: BacktestHistory,
  target: BacktestTarget,
  label: string,
  asOf: IsoDate,
  options: BacktestOptions,
  releases: readonly PastRelease[],
): BacktestCase | SkippedCase {
  // State as known at the start of the as-of day, in the calendar's timezone convention (UTC days).
  const at = new Date(`${asOf}T00:00:00Z`);
  const state = replayStateAt(history, at);
  const inTarget = (r: (typeof state.items)[number]) =>
    target.kind === 'version' ? r.fixVersions.has(target.name) : r.epic === target.key || r.item.key === target.key;
  const items = state.items.map((r) => (inTarget(r) ? { ...r.item, inScope: true } : r.item));
  const scope = items.filter((i) => i.inScope);
  const open = scope.filter((i) => i.statusCategory !== 'done');
  if (open.length === 0) return { target: label, asOf, reason: scope.length === 0 ? 'no items in it yet' : 'all its items were already done' };

  const actual = actualFinish(history, target, open.map((i) => i.id));
  if (actual === null) return { target: label, asOf, reason: 'the items open at the as-of date were all moved out, or some are still open at the end of the data' };
  if (isoToDayNumber(actual) < isoToDayNumber(asOf)) return { target: label, asOf, reason: 'finished before the as-of date' };

  // A dated release ships when it ships, usually by moving open work out: forecast the share
  // this team's past releases kept. Epics and undated versions finish with all their work.
  const releaseScope = target.kind === 'version' && target.releaseDate !== null ? releaseScopeAt(releases, majorityTeam(open), asOf) : null;
  const teams = buildTeamProfiles({ finished: state.finished }, { calendar: options.calendar, asOf, weeks: options.historyWeeks });
  const graph: ProgramGraph = { version: 1, program: label, asOf, targetDate: null, calendar: options.calendar, items, links: state.links, teams };
  let forecast;
  try {
    forecast = forecastProgram(selectScope(graph), { trials: options.trials, seed: options.seed, minFinishedItems: options.minFinishedItems, targetDate: null, scopeKept: releaseScope?.share ?? 1 });
  } catch (error) {
    if (error instanceof InsufficientHistoryError) return { target: label, asOf, reason: 'no finished work to learn from before the as-of date' };
    throw error;
  }
  const dates = { p10: dateAtProbability(forecast.cdf, 0.1), p50: forecast.p50, p85: forecast.p85, p95: forecast.p95 };
  return {
    ...scoreCase({ target: label, asOf, dates, cdf: forecast.cdf, actual }, options.calendar),
    scopeItems: scope.length,
    openItems: open.length,
    borrowedHistory: forecast.lowConfidence?.teams ?? [],
    releaseScope,
    pit: finishPit(forecast.cdf, actual),
    calibratedOn: 0,
  };
}

/**
 * A version with a release date finished on it. Otherwise the target finished when the last of
 * the items open at the as-of date that it still holds at the end did (items moved out were cut
 * from it, as releases often ship); null while any of those is still open.
 */
function actualFinish(history: BacktestHistory, target: BacktestTarget, openIds: readonly string[]): IsoDate | null {
  if (target.kind === 'version' && target.releaseDate !== null) return target.releaseDate;
  const wanted = new Set(openIds);
  let last = -Infinity;
  for (const item of history.items) {
    if (!wanted.has(item.id)) continue;
    const stillIn = target.kind === 'version' ? item.fixVersions.includes(target.name) : item.epic === target.key || item.key === target.key;
    if (!stillIn) continue;
    if (!item.completedAt) return null;
    last = Math.max(last, item.completedAt.getTime());
  }
  return last === -Infinity ? null : new Date(last).toISOString().slice(0, 10);
}
