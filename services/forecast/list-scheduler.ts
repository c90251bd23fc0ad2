/**
 * One trial's schedule: event-driven list scheduling (Graham). Time advances from one batch of
 * finishes to the next; an item becomes ready when its last dependency finishes, and whenever a
 * team has a free slot it starts its highest-priority ready item. Items without a team run
 * unconstrained. All buffers are allocated once and reused across trials.
 *
 * Time is counted in integer ticks (TICKS_PER_DAY per working day) so pending finishes sit in a
 * bucket queue indexed by tick: O(1) to add and to take, and every bucket is naturally one batch
 * of simultaneous finishes (a binary heap on float times was ~40% slower on the benchmark).
 *
 * For the criticality index every start records the item that determined it: the last
 * dependency to finish or, when the item then waited for capacity, the item whose finish freed
 * the team slot (-1 when it started at time zero).
 */
import type { SimulationModel } from './simulation-model.js';

/** One working hour of an 8-hour day: finer than any date question we answer. */
export const TICKS_PER_DAY = 8;

export interface ListScheduler {
  /**
   * Schedules one trial with the given durations (ticks) and slot capacities (default: the
   * model's); results land in `finish` and
   * `startedAfter`. Returns the program's end: the in-scope item finishing last (ties: higher
   * priority), or -1 when nothing is simulated.
   */
  run(duration: Int32Array, capacity?: Int32Array): number;
  /** Finish tick per item of the last run. */
  readonly finish: Int32Array;
  readonly startedAfter: Int32Array;
}

export function createListScheduler(model: SimulationModel): ListScheduler {
  const n = model.size;
  const { slot, rank, successorStart, successors, indegree, slotCapacity } = model;
  // Without any in-scope item every item counts towards the program's end.
  const counts = model.inScope.includes(1) ? model.inScope : new Uint8Array(n).fill(1);
  const slotCount = slotCapacity.length;
  const finish = new Int32Array(n);
  const readyAt = new Int32Array(n);
  const readyPred = new Int32Array(n);
  const startedAfter = new Int32Array(n);
  const waiting = new Int32Array(n);
  const released = new Int32Array(n);
  const releasedBy = new Int32Array(n);
  const nextInBucket = new Int32Array(n);
  let bucketHead = new Int32Array(1024).fill(-1);
  // One bit per bucket holding finishes: the next one is found 32 ticks at a time.
  let occupied = new Int32Array(1024 >> 5);
  const ready = createReadySets(model);
  const free = new Int32Array(slotCount);
  const freedBy = new Int32Array(slotCount);
  const touched = new Int32Array(slotCount);
  const isTouched = new Uint8Array(slotCount);
  const roots = Int32Array.from([...indegree.keys()].filter((i) => indegree[i] === 0));

  function schedule(item: number, end: number): void {
    if (end >= bucketHead.length) {
      const size = Math.max(end + 32, bucketHead.length * 2) & ~31;
      const grown = new Int32Array(size).fill(-1);
      grown.set(bucketHead);
      bucketHead = grown;
      const bits = new Int32Array(size >> 5);
      bits.set(occupied);
      occupied = bits;
    }
    finish[item] = end;
    nextInBucket[item] = bucketHead[end]!;
    bucketHead[end] = item;
    occupied[end >> 5] = occupied[end >> 5]! | (1 << (end & 31));
  }

  // One flat loop on purpose: counters stay in registers instead of closure slots.
  function run(duration: Int32Array, capacity: Int32Array = slotCapacity): number {
    waiting.set(indegree);
    free.set(capacity);
    ready.bits.fill(0);
    ready.count.fill(0);
    let running = 0;
    let touchedCount = 0;
    let t = 0;
    let releasedCount = 0;
    let end = -1;
    for (let k = 0; k < roots.length; k++) {
      releasedBy[releasedCount] = -1;
      released[releasedCount++] = roots[k]!;
    }

    for (;;) {
      for (let k = 0; k < releasedCount; k++) {
        const item = released[k]!;
        const after = releasedBy[k]!;
        const s = slot[item]!;
        if (s < 0) {
          startedAfter[item] = after;
          schedule(item, t + duration[item]!);
          running++;
          continue;
        }
        readyAt[item] = t;
        readyPred[item] = after;
        pushReady(ready, s, item);
        if (isTouched[s] === 0) {
          isTouched[s] = 1;
          touched[touchedCount++] = s;
        }
      }
      releasedCount = 0;

      // Zero-length work finishing right now belongs to this instant, before slots are handed out.
      if (bucketHead[t] === -1) {
        for (let k = 0; k < touchedCount; k++) {
          const s = touched[k]!;
          isTouched[s] = 0;
          while (free[s]! > 0 && ready.count[s]! > 0) {
            const item = popReady(ready, s);
            free[s] = free[s]! - 1;
            startedAfter[item] = t > readyAt[item]! ? freedBy[s]! : readyPred[item]!;
            schedule(item, t + duration[item]!);
            running++;
          }
        }
        touchedCount = 0;
        if (running === 0) return end;
        // Some finish is pending (work is running), so a set bit lies ahead.
        let word = t >> 5;
        let bits = occupied[word]! & (-1 << (t & 31));
        while (bits === 0) bits = occupied[++word]!;
        t = (word << 5) + 31 - Math.clz32(bits & -bits);
      }

      // The whole bucket is one batch, so priorities decide who starts next, not finish order.
      let done = bucketHead[t]!;
      bucketHead[t] = -1;
      occupied[t >> 5] = occupied[t >> 5]! & ~(1 << (t & 31));
      while (done !== -1) {
        running--;
        // Buckets come in time order, so a later bucket always wins; within one, priority decides.
        if (counts[done] === 1 && (end < 0 || finish[end]! < t || rank[done]! < rank[end]!)) end = done;
        const s = slot[done]!;
        if (s >= 0) {
          free[s] = free[s]! + 1;
          freedBy[s] = done;
          if (isTouched[s] === 0) {
            isTouched[s] = 1;
            touched[touchedCount++] = s;
          }
        }
        const last = successorStart[done + 1]!;
        for (let e = successorStart[done]!; e < last; e++) {
          const next = successors[e]!;
          const left = waiting[next]! - 1;
          waiting[next] = left;
          if (left === 0) {
            releasedBy[releasedCount] = done;
            released[releasedCount++] = next;
          }
        }
        done = nextInBucket[done]!;
      }
    }
  }

  return { run, finish, startedAfter };
}

/**
 * Ready items per team as a bitset over the team's own priority order: the highest-priority
 * ready item is the lowest set bit, a handful of words even for hundreds of items.
 */
interface ReadySets {
  readonly bits: Int32Array;
  readonly low: Int32Array;
  readonly count: Int32Array;
  readonly wordBase: Int32Array;
  readonly itemBase: Int32Array;
  readonly itemAt: Int32Array;
  readonly localRank: Int32Array;
}

function createReadySets(model: SimulationModel): ReadySets {
  const { slot, rank, slotItems } = model;
  const slotCount = slotItems.length;
  const itemBase = new Int32Array(slotCount);
  const wordBase = new Int32Array(slotCount);
  let words = 0;
  let items = 0;
  for (let s = 0; s < slotCount; s++) {
    itemBase[s] = items;
    wordBase[s] = words;
    items += slotItems[s]!;
    words += (slotItems[s]! + 31) >> 5;
  }
  const byRank = [...slot.keys()].filter((i) => slot[i]! >= 0).sort((a, b) => rank[a]! - rank[b]!);
  const localRank = new Int32Array(slot.length);
  const itemAt = new Int32Array(items);
  const filled = new Int32Array(slotCount);
  for (const item of byRank) {
    const s = slot[item]!;
    const r = filled[s]!;
    filled[s] = r + 1;
    localRank[item] = r;
    itemAt[itemBase[s]! + r] = item;
  }
  return {
    bits: new Int32Array(words),
    low: new Int32Array(slotCount),
    count: new Int32Array(slotCount),
    wordBase,
    itemBase,
    itemAt,
    localRank,
  };
}

function pushReady(ready: ReadySets, s: number, item: number): void {
  const r = ready.localRank[item]!;
  const word = r >> 5;
  const at = ready.wordBase[s]! + word;
  ready.bits[at] = ready.bits[at]! | (1 << (r & 31));
  if (ready.count[s] === 0 || word < ready.low[s]!) ready.low[s] = word;
  ready.count[s] = ready.count[s]! + 1;
}

/** Removes and returns the team's ready item of highest priority (lowest set bit). */
function popReady(ready: ReadySets, s: number): number {
  const base = ready.wordBase[s]!;
  let word = ready.low[s]!;
  while (ready.bits[base + word] === 0) word++;
  ready.low[s] = word;
  const bits = ready.bits[base + word]!;
  const lowest = bits & -bits;
  ready.bits[base + word] = bits ^ lowest;
  ready.count[s] = ready.count[s]! - 1;
  return ready.itemAt[ready.itemBase[s]! + (word << 5) + 31 - Math.clz32(lowest)]!;
}
