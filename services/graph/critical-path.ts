/**
 * Critical path method over the (acyclic once broken) dependency network: forward pass for
 * early start/finish, backward pass for late start/finish, total float, the primary critical
 * chain. O(V + E) on typed arrays.
 */
import { compareIds } from './cycles.js';
import type { DependencyNetwork } from './dependency-network.js';

export interface CpmResult {
  readonly es: Float64Array;
  readonly ef: Float64Array;
  readonly ls: Float64Array;
  readonly lf: Float64Array;
  readonly slack: Float64Array;
  /** 1 where float <= epsilon. */
  readonly critical: Uint8Array;
  /** Program finish: the latest early finish (0 for an empty network). */
  readonly finish: number;
  /** Node indices of the primary critical chain, start → finish. */
  readonly criticalPath: readonly number[];
  /** Node indices in a topological order of the network without dropped edges. */
  readonly order: Int32Array;
}

export function computeCriticalPath(
  net: DependencyNetwork,
  durations: Float64Array,
  dropped: Uint8Array,
  epsilon: number,
  /**
   * 1 for finished work: it takes no time, is never critical (nothing left to expedite) and no
   * longer waits on anything, so a late predecessor's delay does not pass through it.
   */
  finished?: Uint8Array,
): CpmResult {
  const n = net.size;
  const { succOffsets, succTargets, succEdges } = net;
  const order = topologicalOrder(net, dropped);
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  let finish = 0;
  for (let k = 0; k < n; k++) {
    const v = order[k] as number;
    const f = (es[v] as number) + (durations[v] as number);
    ef[v] = f;
    if (f > finish) finish = f;
    for (let e = succOffsets[v] as number; e < (succOffsets[v + 1] as number); e++) {
      if (dropped[succEdges[e] as number] === 1) continue;
      const w = succTargets[e] as number;
      if (finished?.[w] === 1) continue;
      if (f > (es[w] as number)) es[w] = f;
    }
  }

  const lf = new Float64Array(n).fill(finish);
  const ls = new Float64Array(n);
  const slack = new Float64Array(n);
  const critical = new Uint8Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k] as number;
    let late = lf[v] as number;
    for (let e = succOffsets[v] as number; e < (succOffsets[v + 1] as number); e++) {
      if (dropped[succEdges[e] as number] === 1 || finished?.[succTargets[e] as number] === 1) continue;
      const lsw = ls[succTargets[e] as number] as number;
      if (lsw < late) late = lsw;
    }
    lf[v] = late;
    const start = late - (durations[v] as number);
    ls[v] = start;
    const float = start - (es[v] as number);
    slack[v] = float;
    if (float <= epsilon && finished?.[v] !== 1) critical[v] = 1;
  }

  const criticalPath = primaryChain(net, dropped, finished, { ef, es, critical, finish }, epsilon);
  return { es, ef, ls, lf, slack, critical, finish, criticalPath, order };
}

/** Kahn's algorithm; throws when a cycle is left (breakCycles must run first). */
function topologicalOrder(net: DependencyNetwork, dropped: Uint8Array): Int32Array {
  return csrTopologicalOrder(net.succOffsets, net.succTargets, { edges: net.succEdges, dropped });
}

/**
 * Kahn's order of a graph in compressed sparse rows (successors of v at
 * `targets[offsets[v] .. offsets[v+1])`), ties in index order; `skip` leaves out the edges whose
 * id (`skip.edges` per slot) is marked dropped. Throws when a cycle remains.
 */
export function csrTopologicalOrder(
  offsets: Int32Array,
  targets: Int32Array,
  skip?: { readonly edges: Int32Array; readonly dropped: Uint8Array },
): Int32Array {
  const n = offsets.length - 1;
  // No closure per edge: this runs over every link of the program on each analysis.
  const edges = skip?.edges;
  const dropped = skip?.dropped;
  const indegree = new Int32Array(n);
  for (let s = 0; s < targets.length; s++) if (dropped === undefined || dropped[edges![s] as number] !== 1) indegree[targets[s] as number]! += 1;
  const order = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = order[head] as number;
    for (let s = offsets[v] as number; s < (offsets[v + 1] as number); s++) {
      if (dropped !== undefined && dropped[edges![s] as number] === 1) continue;
      const w = targets[s] as number;
      indegree[w]! -= 1;
      if (indegree[w] === 0) order[tail++] = w;
    }
  }
  if (tail !== n) throw new Error(`dependency network still has a cycle (${n - tail} items unordered)`);
  return order;
}

/**
 * Walks back from the finishing critical item through driving critical predecessors (their early
 * finish equals its early start). Ties go to the smallest id, so the primary chain is stable.
 */
function primaryChain(
  net: DependencyNetwork,
  dropped: Uint8Array,
  finished: Uint8Array | undefined,
  cpm: { ef: Float64Array; es: Float64Array; critical: Uint8Array; finish: number },
  epsilon: number,
): number[] {
  // The chain ends at a sink: a zero-duration successor (an epic summary) finishes with it.
  let current = -1;
  for (let v = 0; v < net.size; v++) {
    if (cpm.critical[v] !== 1 || Math.abs((cpm.ef[v] as number) - cpm.finish) > epsilon || !isSink(net, dropped, finished, v)) continue;
    if (current === -1 || compareIds(net.ids[v] as string, net.ids[current] as string) < 0) current = v;
  }
  const chain: number[] = [];
  while (current !== -1) {
    chain.push(current);
    const start = cpm.es[current] as number;
    let next = -1;
    for (let p = net.predOffsets[current] as number; p < (net.predOffsets[current + 1] as number); p++) {
      if (dropped[net.predEdges[p] as number] === 1) continue;
      const u = net.predSources[p] as number;
      if (cpm.critical[u] !== 1 || Math.abs((cpm.ef[u] as number) - start) > epsilon) continue;
      if (next === -1 || compareIds(net.ids[u] as string, net.ids[next] as string) < 0) next = u;
    }
    current = next;
  }
  return chain.reverse();
}

/** No successor that still waits on `v` (finished successors no longer wait). */
function isSink(net: DependencyNetwork, dropped: Uint8Array, finished: Uint8Array | undefined, v: number): boolean {
  for (let e = net.succOffsets[v] as number; e < (net.succOffsets[v + 1] as number); e++) {
    if (dropped[net.succEdges[e] as number] !== 1 && finished?.[net.succTargets[e] as number] !== 1) return false;
  }
  return true;
}
