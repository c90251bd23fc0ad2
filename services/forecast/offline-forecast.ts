/**
 * The offline forecast behind `seams forecast graph.json --history history.json`: validates both
 * files, rebuilds team profiles from the history as of the graph's date, simulates, and returns
 * plain JSON for printing or piping. No database, no network.
 */
import type { IsoDate, TeamProfile } from '../graph/graph-types.js';
import { ForecastInputError } from './forecast-errors.js';
import type { CycleReport } from '../graph/analysis-types.js';
import type { ItemCriticality, LowConfidence } from './forecast-types.js';
import { parseProgramGraph, parseTeamHistory } from './input-schemas.js';
import { forecastProgram } from './monte-carlo.js';
import { median } from '../graph/order-stats.js';
import { buildTeamProfiles } from './team-history.js';
import { basisSentence, chancePhrase, headline } from './wording.js';

export interface OfflineForecastOptions {
  /** Target date; defaults to the graph's. */
  readonly target?: IsoDate;
  readonly trials?: number;
  readonly seed?: number;
  /** History window in weeks. Default 26. */
  readonly weeks?: number;
  readonly minFinishedItems?: number;
  /** How many of the most critical items to list. Default 10. */
  readonly topItems?: number;
}

export interface OfflineForecast {
  readonly program: string;
  readonly asOf: IsoDate;
  readonly targetDate: IsoDate | null;
  readonly trials: number;
  readonly seed: number;
  readonly p50: IsoDate;
  readonly p85: IsoDate;
  readonly p95: IsoDate;
  readonly probabilityOnTarget: number | null;
  readonly headline: string;
  readonly chance: string | null;
  /** "Based on 20 finished items of history per team over 8 weeks." */
  readonly basis: string | null;
  readonly criticalItems: readonly ItemCriticality[];
  readonly lowConfidence: LowConfidence | null;
  readonly cycles: readonly CycleReport[];
  readonly teams: readonly { readonly team: string; readonly finishedItems: number; readonly medianCycleTimeDays: number | null; readonly wipLimit: number }[];
}

/** `historyJson` null/undefined: use the team profiles embedded in the graph. */
export function runOfflineForecast(graphJson: unknown, historyJson: unknown, options: OfflineForecastOptions = {}): OfflineForecast {
  const graph = parseProgramGraph(graphJson);
  if (options.target !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.target)) {
    throw new ForecastInputError(`invalid target date "${options.target}": expected YYYY-MM-DD`, 'options', 'target');
  }
  const minimums = { trials: 1, seed: 0, weeks: 1, minFinishedItems: 1 } as const;
  for (const [name, min] of Object.entries(minimums) as [keyof typeof minimums, number][]) {
    const value = options[name];
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new ForecastInputError(`invalid ${name} ${String(value)}: expected an integer >= ${min}`, 'options', name);
    }
  }
  const teams: readonly TeamProfile[] =
    historyJson === null || historyJson === undefined
      ? graph.teams
      : buildTeamProfiles(parseTeamHistory(historyJson), {
          calendar: graph.calendar,
          asOf: graph.asOf,
          weeks: options.weeks,
        });
  const forecast = forecastProgram(
    { ...graph, teams },
    {
      targetDate: options.target ?? graph.targetDate,
      trials: options.trials,
      seed: options.seed,
      minFinishedItems: options.minFinishedItems,
    },
  );
  return {
    program: forecast.program,
    asOf: forecast.asOf,
    targetDate: forecast.targetDate,
    trials: forecast.trials,
    seed: forecast.seed,
    p50: forecast.p50,
    p85: forecast.p85,
    p95: forecast.p95,
    probabilityOnTarget: forecast.probabilityOnTarget,
    headline: headline(forecast),
    chance: chancePhrase(forecast),
    basis: basisSentence(forecast),
    criticalItems: forecast.criticality.slice(0, options.topItems ?? 10),
    lowConfidence: forecast.lowConfidence,
    cycles: forecast.cycles,
    teams: teams.map((t) => ({
      team: t.team,
      finishedItems: t.cycleTimes.length,
      medianCycleTimeDays: median(t.cycleTimes),
      wipLimit: t.wipLimit,
    })),
  };
}
