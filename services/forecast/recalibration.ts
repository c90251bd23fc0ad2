/**
 * Recalibration of a forecast by its own track record (quantile recalibration, as in Kuleshov et
 * al. 2018). Each past forecast whose outcome is known gives one PIT value: the probability it
 * gave to finishing before the real finish. A calibrated forecaster's PIT values are uniform;
 * real releases are not (on Duraspace's releases, 26% finished before the raw 10% date). Their
 * empirical distribution G maps a raw probability p to the share of past finishes that came by
 * the raw p-date, so G(F(t)) is calibrated on the history, and the claimed q-date is the raw
 * forecast's G⁻¹(q)-date. G is shrunk towards the identity with PRIOR_WEIGHT pseudo-forecasts,
 * so a short track record moves the dates little. Pure.
 */
import type { IsoDate } from '../graph/graph-types.js';
import type { CdfPoint, Recalibration } from './forecast-types.js';
import { isoToDayNumber } from '../graph/work-calendar.js';

/** Pseudo-forecasts of a calibrated forecaster that every track record starts from. */
export const PRIOR_WEIGHT = 20;

/**
 * The probability a forecast gave to finishing before `actual`: the midpoint between finishing
 * before that day and on it, so a whole-day CDF yields uniform values when it is calibrated.
 */
export function finishPit(cdf: readonly CdfPoint[], actual: IsoDate): number {
  const day = isoToDayNumber(actual);
  let before = 0;
  let onDay = 0;
  for (const point of cdf) {
    const d = isoToDayNumber(point.date);
    if (d < day) before = point.probability;
    if (d <= day) onDay = point.probability;
    else break;
  }
  return (before + onDay) / 2;
}

export function createRecalibration(pits: readonly number[], priorWeight = PRIOR_WEIGHT): Recalibration {
  for (const u of pits) if (!(u >= 0 && u <= 1)) throw new RangeError(`a PIT value must be in [0, 1], got ${u}`);
  const sorted = Float64Array.from(pits).sort();
  const n = sorted.length;
  const probability = (raw: number): number => {
    if (raw <= 0) return 0;
    if (raw >= 1) return 1;
    let below = 0;
    while (below < n && sorted[below]! < raw) below++;
    return (below + priorWeight * raw) / (n + priorWeight);
  };
  const level = (q: number): number => {
    if (q <= 0) return 0;
    if (q >= 1) return 1;
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (probability(mid) < q) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  return { forecasts: n, probability, level };
}

/** The raw CDF with every probability mapped through the recalibration. */
export function recalibrateCdf(cdf: readonly CdfPoint[], recalibration: Recalibration): CdfPoint[] {
  return cdf.map((point) => ({ date: point.date, probability: round4(recalibration.probability(point.probability)) }));
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
