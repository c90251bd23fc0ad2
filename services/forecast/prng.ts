/**
 * Small seeded PRNGs for the Monte Carlo. Each trial gets its own stream derived from
 * (seed, trial), so an item's draw in a trial does not depend on how many draws earlier
 * trials made: appending work to a program keeps every existing item's samples (common random
 * numbers), which keeps week-over-week comparisons and monotonicity checks free of noise.
 */

/** A finalizer from MurmurHash3: spreads a 32-bit input over all output bits. */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The initial state of trial `trial`'s stream for `seed`. */
export function trialSeed(seed: number, trial: number): number {
  return mix32((seed ^ mix32(Math.imul(trial + 1, 0x9e3779b9))) >>> 0);
}

/** mulberry32: 32 bits of state, passes SmallCrush, a few ns per draw. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates) from `random`. */
export function shuffledRange(n: number, random: () => number, into: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) into[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = into[i]!;
    into[i] = into[j]!;
    into[j] = t;
  }
  return into;
}
