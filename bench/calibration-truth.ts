/**
 * Ground truth for the forecast calibration bench, written apart from the forecast engine (it
 * imports nothing from services/forecast): teams with true lognormal cycle-time distributions
 * (per point when items are estimated), WIP limits, a random cross-team dependency DAG scheduled
 * by list scheduling in backlog order, in-progress items of varied age, and each team's finished
 * history sampled from the same truth by running the team at its WIP limit before "today".
 *
 * Time is continuous, in working days of 24 hours from the start of `AS_OF` (a Monday); weekends
 * are not worked. Timestamps handed to the forecast are derived from that clock.
 */

export const AS_OF = '2026-07-06';
const AS_OF_MS = Date.parse(`${AS_OF}T00:00:00Z`);
const DAY_MS = 86_400_000;
const POINTS = [1, 2, 3, 5, 8] as const;
const POINT_WEIGHTS = [3, 4, 4, 3, 1] as const;

/** xoshiro128** with a splitmix32 seeding: independent of the engine's PRNG. */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Box–Muller. */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** P(Z > x) (Abramowitz & Stegun 7.1.26 on erfc; absolute error < 1.5e-7). */
function upperTail(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** A standard normal draw above `a`, by bisection on the tail (few calls: in-progress items only). */
function gaussianAbove(a: number, random: () => number): number {
  const tailA = upperTail(a);
  if (tailA < 1e-12) return a + -Math.log(1 - random()) / Math.max(a, 1);
  const target = tailA * (1 - random());
  let lo = a;
  let hi = Math.max(a, 0) + 10;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (upperTail(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface TruthTeam {
  readonly name: string;
  readonly wip: number;
  /** log-median cycle time (unestimated work). */
  readonly mu: number;
  readonly sigma: number;
  /** Estimated work: median days per point and the log spread around points × it. */
  readonly daysPerPoint: number;
  readonly pointSigma: number;
}

export interface TruthItem {
  readonly id: string;
  readonly team: number;
  readonly points: number | null;
  readonly predecessors: readonly number[];
  /** Working days already spent, for items in progress today; null when not started. */
  readonly age: number | null;
}

export interface TruthProgram {
  readonly teams: readonly TruthTeam[];
  readonly items: readonly TruthItem[];
  readonly estimated: boolean;
  /** Finished history per team as the trackers would hold it: every finish of the team's window. */
  readonly history: readonly { team: string; startedAt: string; finishedAt: string; estimate: number | null }[];
  /** Per team (as `teams`): its history window in weeks, the fewest holding `historyPerTeam` finishes. */
  readonly weeks: readonly number[];
}

export interface ProgramShape {
  readonly items: number;
  readonly historyPerTeam: number;
  readonly estimated: boolean;
}

function logMedian(team: TruthTeam, points: number | null): { median: number; spread: number } {
  return points === null ? { median: team.mu, spread: team.sigma } : { median: Math.log(points * team.daysPerPoint), spread: team.pointSigma };
}

/** A true duration of an item of `team` with `points` (null = not estimated). */
export function trueDuration(team: TruthTeam, points: number | null, random: () => number): number {
  const { median, spread } = logMedian(team, points);
  return Math.exp(median + spread * gaussian(random));
}

/** Remaining true duration of an item that has run `age` days (the truth conditioned on its age). */
export function trueRemaining(team: TruthTeam, points: number | null, age: number, random: () => number): number {
  const { median, spread } = logMedian(team, points);
  if (age <= 0) return Math.exp(median + spread * gaussian(random));
  const z = gaussianAbove((Math.log(age) - median) / spread, random);
  return Math.max(0, Math.exp(median + spread * z) - age);
}

/**
 * Time before a freed slot starts its next item: within the same working day, the same before
 * today (the history the forecast learns from) and after it (the future it forecasts).
 */
function handOver(random: () => number): number {
  return random() * 0.2;
}

function pickPoints(random: () => number): number {
  const total = POINT_WEIGHTS.reduce((a, b) => a + b, 0);
  let u = random() * total;
  for (let i = 0; i < POINTS.length; i++) {
    u -= POINT_WEIGHTS[i]!;
    if (u < 0) return POINTS[i]!;
  }
  return POINTS[POINTS.length - 1]!;
}

export function generateProgram(shape: ProgramShape, random: () => number): TruthProgram {
  const teamCount = 3 + Math.floor(random() * 3);
  const teams: TruthTeam[] = Array.from({ length: teamCount }, (_, t) => ({
    name: `team-${t}`,
    wip: 1 + Math.floor(random() * 4),
    mu: Math.log(2 + random() * 6),
    sigma: 0.5 + random() * 0.5,
    daysPerPoint: 0.6 + random() * 1.4,
    pointSigma: 0.35 + random() * 0.3,
  }));

  const items: TruthItem[] = [];
  const ages = new Map<number, number>();
  for (let i = 0; i < shape.items; i++) {
    const team = Math.floor(random() * teamCount);
    const predecessors = new Set<number>();
    const roll = random();
    const count = i === 0 ? 0 : roll < 0.25 ? 0 : roll < 0.8 ? 1 : 2;
    for (let k = 0; k < count; k++) predecessors.add(Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 12))));
    items.push({ id: `item-${i}`, team, points: shape.estimated ? pickPoints(random) : null, predecessors: [...predecessors], age: null });
  }
  // Today's work in progress: some of each team's first ready items, at varied ages (a few stuck).
  const open = new Array<number>(teamCount).fill(0);
  items.forEach((item, i) => {
    if (item.predecessors.length > 0 || open[item.team]! >= teams[item.team]!.wip || random() < 0.3) return;
    open[item.team] = open[item.team]! + 1;
    const team = teams[item.team]!;
    const typical = trueDuration(team, item.points, random);
    const { median, spread } = logMedian(team, item.points);
    const stuck = random() < 0.15;
    ages.set(i, stuck ? Math.exp(median + 1.28 * spread) * (1.2 + 2 * random()) : typical * random());
  });
  const withAges = items.map((item, i) => (ages.has(i) ? { ...item, age: ages.get(i)! } : item));

  const histories = teams.map((team) => teamHistory(team, shape, random));
  return {
    teams,
    items: withAges,
    estimated: shape.estimated,
    history: histories.flatMap((h) => h.items),
    weeks: histories.map((h) => h.weeks),
  };
}

/**
 * The team's finished items of the fewest whole weeks before today that hold `historyPerTeam`
 * of them: all of them, as a tracker asked for that window would list them (a window that
 * silently left out some of its finishes would read as a team finishing less than it did).
 * Each slot runs from a start before `span` (a first guess at how far back that reaches); when
 * that holds too few finished items, the same slots' earlier past is revealed (items before each
 * slot's first one), never re-drawn. Re-drawing until enough finished, as this did before, kept
 * only the runs that happened to finish many items in the span: a history faster than the team
 * (about 2% more throughput with 30–100 unestimated items, where the span is sized from the true
 * mean and is tight), while the replays run the team as it is.
 */
function teamHistory(team: TruthTeam, shape: ProgramShape, random: () => number) {
  const want = shape.historyPerTeam;
  const meanDays = Math.exp(team.mu + (team.sigma * team.sigma) / 2) * (shape.estimated ? 1.3 : 1);
  let span = ((want + 3 * team.wip) * meanDays) / team.wip + 20;
  const done: { start: number; finish: number; points: number | null }[] = [];
  // Start of each slot's earliest item: the slot's past is known from there on.
  const known: number[] = [];
  for (let s = 0; s < team.wip; s++) {
    let t = -span - random() * meanDays;
    known.push(t);
    while (t < 0) {
      const points = shape.estimated ? pickPoints(random) : null;
      const d = trueDuration(team, points, random);
      if (t + d < 0) done.push({ start: t, finish: t + d, points });
      t += d + handOver(random);
    }
  }
  // Every finish after the latest of the slots' known starts is known; the window's must be.
  let weeks = 0;
  for (;;) {
    const after = Math.max(...known);
    const finishes = done.filter((h) => h.finish > after).map((h) => h.finish).sort((a, b) => b - a);
    if (finishes.length >= want) {
      // Working days run five to a week from AS_OF (a Monday): the window starts 5·weeks before.
      weeks = Math.max(1, Math.ceil(-Math.floor(finishes[want - 1]!) / 5));
      if (-5 * weeks > after) break;
    }
    span *= 2;
    for (let s = 0; s < team.wip; s++) {
      while (known[s]! > -span) {
        const points = shape.estimated ? pickPoints(random) : null;
        const finish = known[s]! - handOver(random);
        const start = finish - trueDuration(team, points, random);
        done.push({ start, finish, points });
        known[s] = start;
      }
    }
  }
  const inWindow = done.filter((h) => h.finish >= -5 * weeks).sort((a, b) => a.finish - b.finish);
  return {
    weeks,
    items: inWindow.map((h) => ({ team: team.name, startedAt: timestampAt(h.start), finishedAt: timestampAt(h.finish), estimate: h.points })),
  };
}

/** The instant `t` working days after the start of AS_OF (negative: before). */
export function timestampAt(t: number): string {
  const whole = Math.floor(t);
  const week = Math.floor(whole / 5);
  const day = whole - week * 5;
  return new Date(AS_OF_MS + (week * 7 + day) * DAY_MS + (t - whole) * DAY_MS).toISOString();
}

/** Working-day index (0 = AS_OF) of an ISO date that is a weekday. */
export function workingIndexOf(date: string): number {
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - AS_OF_MS) / DAY_MS);
  const week = Math.floor(days / 7);
  return week * 5 + Math.min(5, days - week * 7);
}

/** ISO date of working-day index `k`. */
export function dateOfIndex(k: number): string {
  const week = Math.floor(k / 5);
  return new Date(AS_OF_MS + (week * 7 + (k - week * 5)) * DAY_MS).toISOString().slice(0, 10);
}

/** The working-day index on which work finishing at time `t` ends (t in (0, 1] is AS_OF). */
export function finishIndex(t: number): number {
  return Math.max(0, Math.ceil(t - 1e-9) - 1);
}

/**
 * One realisation of the program from today: in-progress items hold their slots and run for a
 * remaining time conditional on their age; every team starts its ready items in backlog order
 * whenever a slot is free. Returns the finish time of the last item.
 */
export function replay(program: TruthProgram, random: () => number): number {
  const { teams, items } = program;
  const n = items.length;
  const waiting = new Int32Array(n);
  const successors: number[][] = items.map(() => []);
  items.forEach((item, i) => {
    waiting[i] = item.predecessors.length;
    for (const p of item.predecessors) successors[p]!.push(i);
  });
  const free = teams.map((t) => t.wip);
  const ready: number[][] = teams.map(() => []);
  const events = new MinHeap();
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    if (item.age === null) continue;
    free[item.team] = free[item.team]! - 1;
    events.push(trueRemaining(teams[item.team]!, item.points, item.age, random), i);
  }
  for (let i = 0; i < n; i++) if (waiting[i] === 0 && items[i]!.age === null) insertSorted(ready[items[i]!.team]!, i);
  const start = (team: number, t: number) => {
    const queue = ready[team]!;
    while (free[team]! > 0 && queue.length > 0) {
      const i = queue.shift()!;
      free[team] = free[team]! - 1;
      events.push(t + (t > 0 ? handOver(random) : 0) + trueDuration(teams[team]!, items[i]!.points, random), i);
    }
  };
  for (let team = 0; team < teams.length; team++) start(team, 0);
  let end = 0;
  while (events.size > 0) {
    const [t, i] = events.pop();
    end = t;
    const team = items[i]!.team;
    free[team] = free[team]! + 1;
    const touched = new Set<number>([team]);
    for (const s of successors[i]!) {
      waiting[s] = waiting[s]! - 1;
      if (waiting[s] === 0) {
        insertSorted(ready[items[s]!.team]!, s);
        touched.add(items[s]!.team);
      }
    }
    for (const team2 of touched) start(team2, t);
  }
  return end;
}

function insertSorted(queue: number[], value: number): void {
  let k = queue.length;
  while (k > 0 && queue[k - 1]! > value) k--;
  queue.splice(k, 0, value);
}

class MinHeap {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, value: number): void {
    let k = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[k] = this.keys[parent]!;
      this.values[k] = this.values[parent]!;
      k = parent;
    }
    this.keys[k] = key;
    this.values[k] = value;
  }

  pop(): [number, number] {
    const top: [number, number] = [this.keys[0]!, this.values[0]!];
    const lastKey = this.keys.pop()!;
    const lastValue = this.values.pop()!;
    const n = this.keys.length;
    if (n > 0) {
      let k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= n) break;
        if (child + 1 < n && this.keys[child + 1]! < this.keys[child]!) child++;
        if (this.keys[child]! >= lastKey) break;
        this.keys[k] = this.keys[child]!;
        this.values[k] = this.values[child]!;
        k = child;
      }
      this.keys[k] = lastKey;
      this.values[k] = lastValue;
    }
    return top;
  }
}
