/**
 * Monte Carlo date forecast of a program from each team's own history. Each trial draws every
 * open item's duration (see simulation-model.ts), schedules the network with team capacity
 * (list-scheduler.ts) and records when the last in-scope item finishes. Trials are seeded per
 * (seed, trial): the same seed gives byte-identical output.
 */
import type { ProgramGraph } from '../graph/graph-types.js';
import type { ForecastOptions, ForecastResult, ItemCriticality } from './forecast-types.js';
import { summarizeFinishes } from './forecast-summary.js';
import { TICKS_PER_DAY, createListScheduler } from './list-scheduler.js';
import { trialSeed } from './prng.js';
import { DEFAULT_MIN_FINISHED_ITEMS, DrawKind, MIN_REMAINING_DAYS, buildSimulationModel } from './simulation-model.js';

export const DEFAULT_TRIALS = 10_000;
export const DEFAULT_SEED = 1;
const MAX_TRIALS = 1_000_000;

export function forecastProgram(graph: ProgramGraph, options: ForecastOptions = {}): ForecastResult {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) throw new RangeError(`trials must be an integer in 1..${MAX_TRIALS}, got ${trials}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in 0..4294967295, got ${seed}`);
  const targetDate = options.targetDate === undefined ? graph.targetDate : options.targetDate;

  const model = buildSimulationModel(graph, options.minFinishedItems ?? DEFAULT_MIN_FINISHED_ITEMS);
  const n = model.size;
  const { kind, value, scale, drawFrom, drawTo, samples } = model;
  const scheduler = createListScheduler(model);
  const { finish, startedAfter } = scheduler;
  const ticks = new Int32Array(n);
  const finishes = new Float64Array(trials);
  const onCriticalPath = new Int32Array(n);

  for (let trial = 0; trial < trials; trial++) {
    let state = trialSeed(seed, trial);
    for (let i = 0; i < n; i++) {
      const k = kind[i]!;
      let days: number;
      if (k === DrawKind.Fixed) days = value[i]!;
      else {
        // mulberry32, inlined: this loop runs trials × items times.
        state = (state + 0x6d2b79f5) | 0;
        let r = Math.imul(state ^ (state >>> 15), 1 | state);
        r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
        const u = ((r ^ (r >>> 14)) >>> 0) / 4294967296;
        const from = drawFrom[i]!;
        const sample = samples[from + Math.floor(u * (drawTo[i]! - from))]!;
        if (k === DrawKind.Sample) days = sample * scale[i]!;
        else if (k === DrawKind.Conditional) days = sample * scale[i]! - value[i]!;
        else days = Math.max(MIN_REMAINING_DAYS, (sample - value[i]!) * scale[i]!);
      }
      // Nearest tick, but real work never rounds away to nothing.
      const whole = Math.round(days * TICKS_PER_DAY);
      ticks[i] = whole > 0 || days <= 0 ? whole : 1;
    }
    const end = scheduler.run(ticks);
    finishes[trial] = end < 0 ? 0 : finish[end]! / TICKS_PER_DAY;
    for (let i = end; i >= 0; i = startedAfter[i]!) onCriticalPath[i] = onCriticalPath[i]! + 1;
  }

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
    ...summarizeFinishes(finishes, graph.calendar, graph.asOf, targetDate),
    criticality,
    lowConfidence: model.lowConfidence,
    cycles: model.cycles,
    simulatedItems: n,
  };
}
