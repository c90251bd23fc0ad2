/**
 * Inputs and outputs of the Monte Carlo forecast. Everything here is plain JSON so a forecast
 * can be stored in a snapshot, compared week over week and rendered without the engine.
 */
import type { CycleReport } from '../graph/analysis-types.js';
import type { IsoDate, WorkCalendar } from '../graph/graph-types.js';

export interface ForecastOptions {
  /** Number of simulated trials. Default 10,000. */
  readonly trials?: number;
  /** PRNG seed (uint32). Default 1: reproducible unless the caller asks otherwise. */
  readonly seed?: number;
  /** Overrides the graph's target date; `null` forces "no target". */
  readonly targetDate?: IsoDate | null;
  /** A team with fewer finished items than this samples the pooled history of all teams. Default 8. */
  readonly minFinishedItems?: number;
  /** Share (0..1] of each named team's capacity that works on this program. Default 1. */
  readonly capacityShare?: Readonly<Record<string, number>>;
  /** Posterior draws of each team's history uncertainty. Default 128. */
  readonly posteriorDraws?: number;
  /**
   * Share (0..1] of the open in-scope items that must finish: a release that ships by moving
   * the rest out finishes when this share is done (the slowest items are the ones cut).
   * Default 1, all of it.
   */
  readonly scopeKept?: number;
  /** Maps the simulated probabilities to the ones the team's track record bears out (recalibration.ts). */
  readonly recalibration?: Recalibration | null;
}

/** Maps simulated probabilities to the ones a track record bears out (built by recalibration.ts). */
export interface Recalibration {
  /** Past forecasts the map was learned from. */
  readonly forecasts: number;
  /** Calibrated probability of finishing by the date the raw forecast gave probability `raw`. */
  probability(raw: number): number;
  /** The raw probability whose date carries calibrated probability `q`. */
  level(q: number): number;
}

/** What the forecast's confidence rests on: each team's history. */
export interface ForecastBasis {
  readonly teams: readonly {
    readonly team: string;
    /** Finished items in the history window. */
    readonly finishedItems: number;
    /** Weeks of the window that hold the team's history; null when unknown (hand-made profiles). */
    readonly weeks: number | null;
    /** Too few items of its own: the team borrowed the pooled history. */
    readonly borrowed: boolean;
  }[];
}

/** An in-progress item older than 90% of its team's finished items: the riskiest open work. */
export interface AgedItem {
  readonly itemId: string;
  readonly key: string;
  readonly team: string | null;
  readonly elapsedDays: number;
  /** Older than every finished item: its remaining time comes from the fitted tail. */
  readonly beyondHistory: boolean;
}

/** Share of trials finishing on a given date (dates without trials are omitted). */
export interface HistogramBin {
  readonly date: IsoDate;
  readonly trials: number;
  readonly probability: number;
}

/** Probability of finishing on or before `date`, rising to 1 at the last bin. */
export interface CdfPoint {
  readonly date: IsoDate;
  readonly probability: number;
}

export interface ItemCriticality {
  readonly itemId: string;
  readonly key: string;
  readonly team: string | null;
  /** Share of trials in which the item is on the simulated critical path, 0..1. */
  readonly index: number;
}

/** Set when part of the forecast rests on borrowed or missing history. */
export interface LowConfidence {
  /** Teams whose own history was too sparse (they sampled the pooled history). */
  readonly teams: readonly string[];
  readonly reason: string;
}

/** Working days after `asOf`'s start of work by which a share of trials has finished. */
export interface PercentileDays {
  readonly p50: number;
  readonly p85: number;
  readonly p95: number;
}

export interface ForecastResult {
  readonly program: string;
  readonly asOf: IsoDate;
  readonly calendar: WorkCalendar;
  readonly targetDate: IsoDate | null;
  readonly trials: number;
  readonly seed: number;
  readonly p50: IsoDate;
  readonly p85: IsoDate;
  readonly p95: IsoDate;
  /** The same percentiles as simulated working-day durations (before rounding to a date). */
  readonly percentileWorkingDays: PercentileDays;
  /** Share of trials finishing on or before the target date; null without a target. */
  readonly probabilityOnTarget: number | null;
  readonly histogram: readonly HistogramBin[];
  readonly cdf: readonly CdfPoint[];
  /** Items with a non-zero criticality index, most critical first. */
  readonly criticality: readonly ItemCriticality[];
  readonly lowConfidence: LowConfidence | null;
  /** Dependency cycles among the simulated items and the links ignored to break them (same rule as CPM). */
  readonly cycles: readonly CycleReport[];
  /** Open items simulated (in scope or upstream of it). */
  readonly simulatedItems: number;
  /** History behind the forecast (absent in snapshots stored before it was recorded). */
  readonly basis?: ForecastBasis;
  /** Share of the open scope that must finish (a release that ships by cutting the rest); absent when all of it. */
  readonly scopeKept?: number;
  /** Past forecasts whose outcomes recalibrated the probabilities; absent when not recalibrated. */
  readonly calibratedOn?: number;
  /** Factor the thin-history correction scaled every simulated finish by (< 1: earlier); absent when none. */
  readonly historyCorrection?: number;
  /** In-progress items older than 90% of their team's history, oldest first. */
  readonly agedItems?: readonly AgedItem[];
}
