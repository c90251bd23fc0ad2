/**
 * Seeded pseudo-random numbers for the sandbox generator. Math.random cannot be seeded, and the
 * generated program must be identical for the same seed on every machine, so this is sfc32
 * (small, fast, passes PractRand) seeded through splitmix32.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; `weights` has one entry per item. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Lognormal with the given median and log-space sigma. */
  lognormal(median: number, sigma: number): number;
  /** Lowercase hex string of `length` characters. */
  hex(length: number): string;
  /** An RFC 4122 version-4 shaped UUID drawn from this stream. */
  uuid(): string;
  /** A new independent stream derived from this one (so adding draws in one part of the
   *  generator does not shift every later part). */
  fork(label: string): Prng;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  // FNV-1a, enough to turn a fork label into a 32-bit salt.
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createPrng(seed: number): Prng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();

  const next = (): number => nextU32() / 4_294_967_296;
  const normal = (): number => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += nextU32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  };

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0;
        if (r < 0) return items[i] as T;
      }
      return items[items.length - 1] as T;
    },
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    hex,
    uuid: () => {
      const h = hex(32);
      const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    fork: (label) => createPrng((nextU32() ^ hashLabel(label)) >>> 0),
  };
}
