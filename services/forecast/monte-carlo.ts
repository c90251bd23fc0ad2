/**
 * Monte Carlo date forecast of a program from each team's own history. Each trial picks one
 * posterior draw per team (how fast the team really is, given how much history there is), draws
 * every open item's duration from that draw (see simulation-model.ts), schedules the network with
 * that draw's team capacity (list-scheduler.ts) and records when the last in-scope item finishes.
 * Trials are seeded per (seed, trial): the same seed gives byte-identical output.
 */
import type { ProgramGraph } from '../graph/graph-types.js';
import { FALLBACK_LOG_SPREAD, TABLE_SIZE } from './duration-tables.js';
import type { ForecastOptions, ForecastResult, ItemCriticality } from './forecast-types.js';
import { summarizeFinishes } from './forecast-summary.js';
import { TICKS_PER_DAY, createListScheduler } from './list-scheduler.js';
import { normalAbove } from './normal-math.js';
import { mix32, mulberry32, shuffledRange, trialSeed } from './prng.js';
import { DEFAULT_MIN_FINISHED_ITEMS, DrawKind, buildSimulationModel } from './simulation-model.js';
import { upperBound } from '../graph/order-stats.js';
import { DEFAULT_POSTERIOR_DRAWS } from './team-distributions.js';

export const DEFAULT_TRIALS = 10_000;
export const DEFAULT_SEED = 1;
const MAX_TRIALS = 1_000_000;
/**
 * Longest duration one item may draw, in working days (about 40 years). A thin, heavy-tailed
 * history (lead times of years) can draw astronomically long work from its posterior tail; past
 * this horizon every date question has the same answer, and the tick-indexed scheduler stays finite.
 */
export const MAX_ITEM_DAYS = 10_000;
/** Most trials the point-estimate simulation behind the thin-history correction runs. */
const MAX_CORRECTION_TRIALS = 1_024;
/** Largest share the thin-history correction moves a date by (earlier; later by 1 ÷ (1 − it)). */
const MAX_CORRECTION = 0.2;

export function forecastProgram(graph: ProgramGraph, options: ForecastOptions = {}): ForecastResult {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) throw new RangeError(`trials must be an integer in 1..${MAX_TRIALS}, got ${trials}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in 0..4294967295, got ${seed}`);
  const posteriorDraws = options.posteriorDraws ?? DEFAULT_POSTERIOR_DRAWS;
  if (!Number.isInteger(posteriorDraws) || posteriorDraws < 1 || posteriorDraws > 4096) {
    throw new RangeError(`posteriorDraws must be an integer in 1..4096, got ${posteriorDraws}`);
  }
  for (const [team, share] of Object.entries(options.capacityShare ?? {})) {
    if (!(share > 0 && share <= 1)) throw new RangeError(`capacity share of ${team} must be in (0, 1], got ${share}`);
  }
  const scopeKept = options.scopeKept ?? 1;
  if (!(scopeKept > 0 && scopeKept <= 1)) throw new RangeError(`scopeKept must be in (0, 1], got ${scopeKept}`);
  const targetDate = options.targetDate === undefined ? graph.targetDate : options.targetDate;
  const recalibration = options.recalibration && options.recalibration.forecasts > 0 ? options.recalibration : null;

  const model = buildSimulationModel(graph, {
    minFinishedItems: options.minFinishedItems ?? DEFAULT_MIN_FINISHED_ITEMS,
    posteriorDraws,
    seed,
    ...(options.capacityShare ? { capacityShare: options.capacityShare } : {}),
  });
  const n = model.size;
  const { kind, value, scale, dist, group, distributions } = model;
  const { tables, drawSlots, drawStretch, draws } = distributions;
  const drawMu = distributions.mu;
  const drawSigma = distributions.sigma;
  const groups = distributions.groupCount;
  const distGroup = distributions.groupOfDistribution;
  // A team on the pooled history of others has no point estimate of its own to correct towards.
  const borrowed = distributions.borrowedGroups;
  // Per trial: where each distribution's chosen table starts, and each group's stretch.
  const tableAt = new Int32Array(distGroup.length);
  const stretch = new Float64Array(groups);
  const slotGroup = Int32Array.from({ length: model.slotCapacity.length }, (_, s) => distributions.slotGroup(s));
  const scheduler = createListScheduler(model);
  const { finish, startedAfter } = scheduler;
  const ticks = new Int32Array(n);
  const pick = new Int32Array(groups);
  const capacity = new Int32Array(model.slotCapacity.length);
  const finishes = new Float64Array(trials);
  const kthFinish = scopeKept < 1 ? createKthFinish(model.inScope, scopeKept) : null;
  const onCriticalPath = new Int32Array(n);

  // Module constants read into locals: the loop below runs trials × items times.
  const FIXED = DrawKind.Fixed;
  const SAMPLE = DrawKind.Sample;
  const ticksPerDay = TICKS_PER_DAY;
  const maxTicks = MAX_ITEM_DAYS * TICKS_PER_DAY;
  // Each block of `draws` trials uses every posterior draw of every team once, in an order
  // shuffled per team and block: stratified over the draws (less noise than picking at random),
  // and teams still pair their draws differently from block to block. Team draws come from their
  // own stream, so adding items keeps every other draw.
  const blockOrder = new Int32Array(groups * draws);
  let shuffledBlock = -1;
  const shuffleBlock = (block: number): void => {
    if (block === shuffledBlock) return;
    shuffledBlock = block;
    for (let g = 0; g < groups; g++) {
      shuffledRange(draws, mulberry32(mix32(trialSeed(seed, block) ^ Math.imul(g + 1, 0x68e31da4))), blockOrder.subarray(g * draws, (g + 1) * draws));
    }
  };
  /**
   * One trial: its team draws (each team's posterior draw, or the point estimate, draw 0, for
   * every team with history of its own), its item durations and its schedule. Returns the
   * in-scope end item (-1: none).
   */
  const simulate = (trial: number, pointEstimate: boolean): number => {
    let state = trialSeed(seed, trial);
    const within = trial % draws;
    if (within === 0) shuffleBlock(trial / draws);
    for (let g = 0; g < groups; g++) pick[g] = pointEstimate && borrowed[g] === 0 ? 0 : blockOrder[g * draws + within]!;
    for (let d = 0; d < tableAt.length; d++) tableAt[d] = (d * draws + pick[distGroup[d]!]!) * TABLE_SIZE;
    for (let g = 0; g < groups; g++) stretch[g] = drawStretch[g * draws + pick[g]!]!;
    for (let s = 0; s < capacity.length; s++) {
      const g = slotGroup[s]!;
      capacity[s] = g < 0 ? model.slotCapacity[s]! : drawSlots[g * draws + pick[g]!]!;
    }
    for (let i = 0; i < n; i++) {
      const k = kind[i]!;
      let days: number;
      if (k === FIXED) days = value[i]!;
      else {
        // mulberry32, inlined: this loop runs trials × items times.
        state = (state + 0x6d2b79f5) | 0;
        let r = Math.imul(state ^ (state >>> 15), 1 | state);
        r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
        const bits = (r ^ (r >>> 14)) >>> 0;
        const d = dist[i]!;
        const from = tableAt[d]!;
        // TABLE_SIZE is 256: the top byte picks the entry.
        if (k === SAMPLE) days = tables[from + (bits >>> 24)]! * scale[i]! * stretch[group[i]!]!;
        else if (value[i]! <= 0) days = tables[from + (bits >>> 24)]! * scale[i]!;
        else {
          const u = bits / 4294967296;
          // Work already in progress: the draw's table past the item's age, as much as it holds;
          // past all of it, the draw's fitted lognormal conditioned on having lasted that long
          // (the kernel's last component would cut the tail short: old work is the riskiest).
          const limit = value[i]! / scale[i]!;
          const first = upperBound(tables, from, from + TABLE_SIZE, limit);
          let total: number;
          if (first < from + TABLE_SIZE) total = tables[first + Math.floor(u * (from + TABLE_SIZE - first))]!;
          else {
            const at = d * draws + pick[group[i]!]!;
            const mu = drawMu[at]!;
            const sigma = drawSigma[at]! || FALLBACK_LOG_SPREAD;
            total = Math.exp(mu + sigma * normalAbove((Math.log(limit) - mu) / sigma, u));
          }
          days = Math.max(1 / ticksPerDay, (total - limit) * scale[i]!);
        }
      }
      // Nearest tick (days is never negative: adding ½ and truncating rounds), but real work
      // never rounds away to nothing.
      const exact = days * ticksPerDay;
      const whole = exact >= maxTicks ? maxTicks : (exact + 0.5) | 0;
      ticks[i] = whole > 0 || days <= 0 ? whole : 1;
    }
    const last = scheduler.run(ticks, capacity);
    return kthFinish && last >= 0 ? kthFinish(finish) : last;
  };

  for (let trial = 0; trial < trials; trial++) {
    const end = simulate(trial, false);
    finishes[trial] = end < 0 ? 0 : finish[end]! / ticksPerDay;
    for (let i = end; i >= 0; i = startedAfter[i]!) onCriticalPath[i] = onCriticalPath[i]! + 1;
  }
  // A quarter of the trials at most, in whole blocks (every posterior draw weighs the same). With
  // one draw per team, or only teams on borrowed history, the point-estimate trials would repeat
  // the mixture's exactly: nothing to measure.
  const pairs = draws > 1 && borrowed.includes(0) ? Math.min(trials, draws * Math.ceil(Math.min(MAX_CORRECTION_TRIALS, trials / 4) / draws)) : 0;
  const correction = thinHistoryCorrection(finishes.subarray(0, pairs), (trial) => {
    const end = simulate(trial, true);
    return end < 0 ? 0 : finish[end]! / ticksPerDay;
  });
  if (correction !== 1) for (let trial = 0; trial < trials; trial++) finishes[trial] = finishes[trial]! * correction;

  const criticality: ItemCriticality[] = [];
  for (let i = 0; i < n; i++) {
    if (onCriticalPath[i] === 0) continue;
    criticality.push({
      itemId: model.ids[i]!,
      key: model.keys[i]!,
      team: model.teamNames[i] ?? null,
      index: Math.round((onCriticalPath[i]! / trials) * 10_000) / 10_000,
    });
  }
  criticality.sort((a, b) => b.index - a.index || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  return {
    program: graph.program,
    asOf: graph.asOf,
    calendar: graph.calendar,
    targetDate,
    trials,
    seed,
    ...summarizeFinishes(finishes, graph.calendar, graph.asOf, targetDate, recalibration),
    criticality,
    lowConfidence: model.lowConfidence,
    cycles: model.cycles,
    simulatedItems: n,
    basis: model.basis,
    ...(scopeKept < 1 ? { scopeKept } : {}),
    ...(recalibration ? { calibratedOn: recalibration.forecasts } : {}),
    ...(correction !== 1 ? { historyCorrection: Math.round(correction * 10_000) / 10_000 } : {}),
    agedItems: [...model.agedItems].sort((a, b) => b.elapsedDays - a.elapsedDays || (a.key < b.key ? -1 : 1)),
  };
}

/**
 * Bootstrap bias correction (Efron) of what thin history does to a program's date. The date is
 * not linear in the teams' speeds: the program finishes with its latest team, and a chain of
 * skewed durations grows with their spread. So a team's uncertain history, as likely to make it
 * look fast as slow, makes the date later on average: the latest of several uncertain teams is
 * later than the latest of the same teams known exactly. The forecast's mixture over posterior
 * draws adds that lateness on top of the same lateness already in the teams' point estimates.
 * The shift from the point-estimate simulation (every team at its draw 0) to the mixture measures
 * it; the truth is taken to sit as far on the other side of the point estimate, so every finish
 * is scaled by (point ÷ mixture)². The shift is read between the two distributions' quartiles
 * (the same trials, each sorted): the mixture's wider tails are the uncertainty itself, not
 * lateness, and reading them too took 2–3% off dates that 100 items of history had right. It
 * corrects both ways, at most MAX_CORRECTION (the bootstrap estimate of a bias holds for small
 * biases): only ever taking lateness out turned noise in the shift into early dates wherever
 * the true bias is near zero. On the calibration bench it took the median error with 10 items
 * of history per team from +9–16% to within a few percent.
 */
function thinHistoryCorrection(finishes: Float64Array, pointEstimateFinish: (trial: number) => number): number {
  const n = finishes.length;
  if (n === 0) return 1;
  const mixture = Float64Array.from(finishes).sort();
  const point = Float64Array.from({ length: n }, (_, trial) => pointEstimateFinish(trial)).sort();
  let shift = 0;
  let counted = 0;
  for (let q = Math.floor(n / 4); q < Math.ceil((3 * n) / 4); q++) {
    if (mixture[q]! <= 0 || point[q]! <= 0) continue;
    shift += Math.log(point[q]! / mixture[q]!);
    counted++;
  }
  if (counted === 0) return 1;
  return Math.min(1 / (1 - MAX_CORRECTION), Math.max(1 - MAX_CORRECTION, Math.exp((2 * shift) / counted)));
}

/**
 * The in-scope item whose finish completes the kept share of the scope: the k-th earliest finish,
 * k = ceil(share × in-scope items). Buffers are allocated once for all trials.
 */
function createKthFinish(inScope: Uint8Array, share: number): (finish: Int32Array) => number {
  // Without any in-scope item every item counts, as in the scheduler.
  const anyInScope = inScope.includes(1);
  const members = Int32Array.from([...inScope.keys()].filter((i) => !anyInScope || inScope[i] === 1));
  const k = Math.max(1, Math.ceil(share * members.length));
  const order = new Int32Array(members.length);
  return (finish) => {
    order.set(members);
    order.sort((a, b) => finish[a]! - finish[b]! || a - b);
    return order[k - 1]!;
  };
}
