/**
 * What a team's history says about the duration of its next item, including how unsure the
 * history itself is.
 *
 * Durations are modelled on the log scale, where cycle times are roughly symmetric: the history's
 * mean m and spread s, and its standardized residuals as the shape (a smoothed bootstrap: each
 * draw takes an observed residual plus Gaussian noise of bandwidth h, rescaled to unit variance,
 * so draws reach beyond the largest observation the way real tails do).
 *
 * Thin history: m and s are themselves uncertain. The engine draws `posteriorDraws` plausible
 * (μ, σ) per team from the normal-model posterior (σ² ~ s²ν/χ²(ν), μ ~ N(m, σ²/wK) with
 * ν = w(K−1) and w = EVIDENCE_WEIGHT) and each
 * trial uses one of them, so ten items of history give honestly wider dates than a hundred.
 * For each draw a sorted table of TABLE_SIZE durations is precomputed: a trial's draw is one
 * lookup, and an in-progress item's conditional draw is a binary search in the same table.
 */
import { mulberry32, shuffledRange } from './prng.js';
import { chiSquareOverNu, normalQuantile } from './normal-math.js';

/** Entries per table: 2^8, so a 32-bit random number's top byte picks one. */
export const TABLE_SIZE = 256;
/**
 * How many observations one finished item counts as in the posterior (of μ and σ here, of the
 * throughput in team-distributions.ts). The textbook value 1 (i.i.d. normal logs, Poisson
 * finishes) gave dates too wide and too late on the calibration bench with 10-30 items per team:
 * a team at a WIP limit finishes work more regularly than a Poisson process, and independent
 * flat-prior posteriors compound across the teams of a program (the latest team sets the date).
 * 2 is the value that meets the bench's targets (npm run bench -- calibration).
 */
export const EVIDENCE_WEIGHT = 2;
/** Spread assumed when the history cannot show one (a single item, or identical items). */
export const FALLBACK_LOG_SPREAD = 0.5;

/** A sample summarized on the log scale. */
export interface LogSample {
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for fewer than two values. */
  readonly spread: number;
  /** Standardized residuals, ascending. */
  readonly residuals: Float64Array;
  /** Kernel bandwidth in residual units. */
  readonly bandwidth: number;
  /** Rescales residual + kernel noise back to unit variance. */
  readonly unit: number;
}

export function logSample(values: readonly number[]): LogSample | null {
  const logs = values.filter((v) => Number.isFinite(v) && v > 0).map(Math.log);
  const n = logs.length;
  if (n === 0) return null;
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const spread = n > 1 ? Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const residuals = Float64Array.from(logs, (x) => (spread > 0 ? (x - mean) / spread : 0)).sort();
  // Silverman's rule of thumb for unit-variance data.
  const bandwidth = 1.06 * n ** -0.2;
  const second = spread > 0 ? ((n - 1) / n) : 0;
  return { count: n, mean, spread, residuals, bandwidth, unit: 1 / Math.sqrt(second + bandwidth * bandwidth) };
}

/** One team-level posterior draw: shared by the team's distributions so they move together. */
export interface PosteriorShock {
  /** Standard normal for μ. */
  readonly location: number;
  /** Standard normal for the chi-square of σ. */
  readonly scale: number;
  /** Standard normal for a borrowed (pooled) history's team effect. */
  readonly team: number;
}

export interface DrawParameters {
  readonly mu: number;
  readonly sigma: number;
}

/**
 * (μ, σ) of one posterior draw. `teamSpread` > 0 when the sample is borrowed from other teams:
 * this team may sit anywhere among them.
 */
export function drawParameters(sample: LogSample, shock: PosteriorShock, teamSpread: number): DrawParameters {
  const k = sample.count;
  const kappa = EVIDENCE_WEIGHT;
  const sigma = k < 2 || sample.spread === 0
    ? (k < 2 ? FALLBACK_LOG_SPREAD : 0)
    : sample.spread / Math.sqrt(chiSquareOverNu(kappa * (k - 1), shock.scale));
  const mu = sample.mean + (sigma * shock.location) / Math.sqrt(kappa * k) + teamSpread * shock.team;
  return { mu, sigma };
}

/** Fills `out[offset, offset + TABLE_SIZE)` with sorted durations of one posterior draw. */
export function fillTable(out: Float64Array, offset: number, sample: LogSample, params: DrawParameters, seed: number): void {
  const random = mulberry32(seed);
  const { residuals, bandwidth, unit } = sample;
  const k = residuals.length;
  const strata = shuffledRange(TABLE_SIZE, random);
  for (let q = 0; q < TABLE_SIZE; q++) {
    // Stratified over the residuals (each stratum of them once, in shuffled order) and over the
    // kernel noise (its q-th stratum): the table is close to the smoothed bootstrap distribution
    // itself, not a noisy sample of it, so dates barely move with the seed.
    const e = residuals[Math.floor(((strata[q]! + random()) * k) / TABLE_SIZE)]!;
    const noise = normalQuantile((q + random()) / TABLE_SIZE);
    out[offset + q] = Math.exp(params.mu + params.sigma * unit * (e + bandwidth * noise));
  }
  out.subarray(offset, offset + TABLE_SIZE).sort();
}

/**
 * Mean of exp(σ·unit·(e + h·N)) over the smoothed residual distribution: how a draw's mean
 * duration compares with the point estimate's, to keep capacity consistent with throughput.
 */
export function meanFactor(sample: LogSample, sigma: number): number {
  const { residuals, bandwidth, unit } = sample;
  let sum = 0;
  for (const e of residuals) sum += Math.exp(sigma * unit * e);
  const kernel = sigma * unit * bandwidth;
  return (sum / residuals.length) * Math.exp((kernel * kernel) / 2);
}
