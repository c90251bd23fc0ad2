/**
 * Runs a scenario beside today: the same engine (scope, CPM, Monte Carlo with the same seed) on
 * the graph as it is and as the scenario would make it, so every difference comes from the edits.
 */
import { analyzeScopedGraph } from '../graph/analyze-program.js';
import type { ProgramAnalysis } from '../graph/analysis-types.js';
import type { IsoDate, ProgramGraph } from '../graph/graph-types.js';
import { selectScope } from '../graph/program-scope.js';
import { isoToDayNumber, WorkingDays } from '../graph/work-calendar.js';
import { InsufficientHistoryError } from '../forecast/forecast-errors.js';
import type { ForecastResult, Recalibration } from '../forecast/forecast-types.js';
import { forecastProgram } from '../forecast/monte-carlo.js';
import { applyScenario, type Scenario } from './scenario.js';

export interface EngineSettings {
  readonly nearCriticalDays?: number;
  readonly trials?: number;
  readonly seed?: number;
  readonly minFinishedItems?: number;
  /** The program's track-record recalibration and release scope, as its rebuild applies them. */
  readonly recalibration?: Recalibration | null;
  readonly scopeKept?: number;
}

export interface ScenarioOutcome {
  /** CPM finish. */
  readonly finishDate: IsoDate;
  readonly p50: IsoDate | null;
  readonly p85: IsoDate | null;
  readonly p95: IsoDate | null;
  readonly targetDate: IsoDate | null;
  readonly probabilityOnTarget: number | null;
  /** Keys of the critical path, start to finish. */
  readonly criticalPath: readonly string[];
  /** Why there is no forecast (all done, no history), when there is none. */
  readonly noForecast: string | null;
}

export interface ScenarioComparison {
  readonly program: string;
  readonly asOf: IsoDate;
  readonly today: ScenarioOutcome;
  readonly scenario: ScenarioOutcome;
  /** Working days the scenario moves each date (positive: later). */
  readonly moves: { readonly finishDays: number; readonly p85Days: number | null };
  readonly criticalPathChange: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Monte Carlo trials per run (the same seed for both); null when the engine's default was used. */
  readonly trials: number | null;
}

export interface EngineRun {
  readonly analysis: ProgramAnalysis;
  readonly forecast: ForecastResult | null;
  readonly noForecast: string | null;
}

/** Scope, CPM and forecast of one graph, as a rebuild computes them (without storing anything). */
export function runEngine(graph: ProgramGraph, settings: EngineSettings = {}): EngineRun {
  const scoped = selectScope(graph);
  const analysis = analyzeScopedGraph(scoped, settings.nearCriticalDays === undefined ? {} : { nearCriticalDays: settings.nearCriticalDays });
  if (!scoped.items.some((i) => i.statusCategory !== 'done')) return { analysis, forecast: null, noForecast: 'every item in scope is done' };
  try {
    const forecast = forecastProgram(scoped, {
      trials: settings.trials,
      seed: settings.seed,
      minFinishedItems: settings.minFinishedItems,
      recalibration: settings.recalibration ?? null,
      scopeKept: settings.scopeKept ?? 1,
    });
    return { analysis, forecast, noForecast: null };
  } catch (error) {
    if (!(error instanceof InsufficientHistoryError)) throw error;
    return { analysis, forecast: null, noForecast: `no finished work to learn from for ${error.teams.join(', ') || 'any team'}` };
  }
}

function outcome(graph: ProgramGraph, run: EngineRun): ScenarioOutcome {
  const keyOf = new Map(graph.items.map((i) => [i.id, i.key]));
  return {
    finishDate: run.analysis.finishDate,
    p50: run.forecast?.p50 ?? null,
    p85: run.forecast?.p85 ?? null,
    p95: run.forecast?.p95 ?? null,
    targetDate: graph.targetDate,
    probabilityOnTarget: run.forecast?.probabilityOnTarget ?? null,
    criticalPath: run.analysis.criticalPath.map((id) => keyOf.get(id) ?? id),
    noForecast: run.noForecast,
  };
}

/** Working days from `from` to `to` on the program calendar (negative when earlier). */
export function workingDaysMoved(graph: ProgramGraph, from: IsoDate, to: IsoDate): number {
  return new WorkingDays(graph.calendar).workingDaysBetween(isoToDayNumber(from), isoToDayNumber(to));
}

export function compareScenario(graph: ProgramGraph, scenario: Scenario, settings: EngineSettings = {}): ScenarioComparison {
  const todayRun = runEngine(graph, settings);
  const changed = applyScenario(graph, scenario, todayRun.analysis);
  const scenarioRun = runEngine(changed, settings);
  const today = outcome(graph, todayRun);
  const next = outcome(changed, scenarioRun);
  const before = new Set(today.criticalPath);
  const after = new Set(next.criticalPath);
  return {
    program: graph.program,
    asOf: graph.asOf,
    today,
    scenario: next,
    moves: {
      finishDays: workingDaysMoved(graph, today.finishDate, next.finishDate),
      p85Days: today.p85 !== null && next.p85 !== null ? workingDaysMoved(graph, today.p85, next.p85) : null,
    },
    criticalPathChange: {
      added: next.criticalPath.filter((k) => !before.has(k)),
      removed: today.criticalPath.filter((k) => !after.has(k)),
    },
    trials: settings.trials ?? null,
  };
}
