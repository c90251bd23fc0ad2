/**
 * Item id → position, and every link's endpoints as positions. Resolving 300k links through a
 * string Map is the most expensive step of the engine, so it is done once per graph object and
 * shared by scope selection, the network and the risk context (graphs are immutable values,
 * so caching by identity is safe).
 */
import type { ProgramGraph } from './graph-types.js';

export interface GraphIndex {
  readonly indexOf: ReadonlyMap<string, number>;
  /** Per link (same order as `graph.links`): endpoint positions, -1 for an unknown id. */
  readonly linkFrom: Int32Array;
  readonly linkTo: Int32Array;
}

const cache = new WeakMap<ProgramGraph, GraphIndex>();

export function indexGraph(graph: ProgramGraph): GraphIndex {
  const cached = cache.get(graph);
  if (cached) return cached;
  const indexOf = new Map<string, number>();
  graph.items.forEach((item, i) => indexOf.set(item.id, i));
  const linkFrom = new Int32Array(graph.links.length);
  const linkTo = new Int32Array(graph.links.length);
  graph.links.forEach((link, k) => {
    linkFrom[k] = indexOf.get(link.from) ?? -1;
    linkTo[k] = indexOf.get(link.to) ?? -1;
  });
  const index = { indexOf, linkFrom, linkTo };
  cache.set(graph, index);
  return index;
}

/** Records an index computed alongside a derived graph (e.g. the scoped graph). */
export function rememberIndex(graph: ProgramGraph, index: GraphIndex): void {
  cache.set(graph, index);
}

/**
 * Groups link endpoints by key in CSR form: for each k with keep(k), `values[k]` is listed under
 * `keys[k]`. Used for "blockers of", "children of" and similar adjacency lists.
 */
export function groupBy(
  n: number,
  count: number,
  keyOf: (k: number) => number,
  valueOf: (k: number) => number,
): { offsets: Int32Array; values: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < count; k++) {
    const key = keyOf(k);
    if (key >= 0) offsets[key + 1]! += 1;
  }
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v] as number;
  const cursor = offsets.slice(0, n);
  const values = new Int32Array(offsets[n] as number);
  for (let k = 0; k < count; k++) {
    const key = keyOf(k);
    if (key >= 0) values[cursor[key]!++] = valueOf(k);
  }
  return { offsets, values };
}
