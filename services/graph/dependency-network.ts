/**
 * The precedence network CPM and cycle detection run on, in compressed sparse row form:
 * 100k items / 300k links fit in a few typed arrays and every pass is a tight loop.
 * Edges: `A blocks B` gives A → B; `P parent of C` gives C → P (an epic finishes with its children).
 */
import { indexGraph } from './graph-index.js';
import type { ProgramGraph } from './graph-types.js';

export const EDGE_BLOCKS = 0;
export const EDGE_PARENT = 1;

export interface DependencyNetwork {
  readonly size: number;
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly edgeCount: number;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** EDGE_BLOCKS or EDGE_PARENT. */
  readonly edgeKind: Uint8Array;
  /** Successors of v: succTargets[succOffsets[v] .. succOffsets[v+1]), with their edge ids in succEdges. */
  readonly succOffsets: Int32Array;
  readonly succTargets: Int32Array;
  readonly succEdges: Int32Array;
  readonly predOffsets: Int32Array;
  readonly predSources: Int32Array;
  readonly predEdges: Int32Array;
  /** 1 when the item is the parent of another item in the network. */
  readonly hasChildren: Uint8Array;
}

/** Builds the network over all items of `graph`; links to unknown ids are ignored. */
export function buildDependencyNetwork(graph: ProgramGraph): DependencyNetwork {
  const n = graph.items.length;
  const ids = graph.items.map((item) => item.id);
  const { indexOf, linkFrom, linkTo } = indexGraph(graph);

  const links = graph.links;
  const from = new Int32Array(links.length);
  const to = new Int32Array(links.length);
  const kind = new Uint8Array(links.length);
  const hasChildren = new Uint8Array(n);
  let m = 0;
  for (let k = 0; k < links.length; k++) {
    const linkKind = links[k]!.kind;
    const a = linkFrom[k]!;
    const b = linkTo[k]!;
    if ((linkKind !== 'blocks' && linkKind !== 'parent') || a < 0 || b < 0) continue;
    if (linkKind === 'blocks') {
      from[m] = a;
      to[m] = b;
      kind[m] = EDGE_BLOCKS;
    } else {
      from[m] = b;
      to[m] = a;
      kind[m] = EDGE_PARENT;
      hasChildren[a] = 1;
    }
    m++;
  }
  const edgeFrom = from.slice(0, m);
  const edgeTo = to.slice(0, m);
  const succ = toCsr(n, edgeFrom, edgeTo);
  const pred = toCsr(n, edgeTo, edgeFrom);
  return {
    size: n,
    ids,
    indexOf,
    edgeCount: m,
    edgeFrom,
    edgeTo,
    edgeKind: kind.slice(0, m),
    succOffsets: succ.offsets,
    succTargets: succ.targets,
    succEdges: succ.edges,
    predOffsets: pred.offsets,
    predSources: pred.targets,
    predEdges: pred.edges,
    hasChildren,
  };
}

/**
 * Compressed sparse rows of the edges `keys[e] → values[e]`: the entries of row v are
 * `targets[offsets[v] .. offsets[v+1])`, in edge order, with their edge ids in `edges`.
 */
export function toCsr(n: number, keys: Int32Array, values: Int32Array): { offsets: Int32Array; targets: Int32Array; edges: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < keys.length; e++) offsets[(keys[e] as number) + 1]!++;
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v] as number;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(keys.length);
  const edges = new Int32Array(keys.length);
  for (let e = 0; e < keys.length; e++) {
    const slot = cursor[keys[e] as number]!++;
    targets[slot] = values[e] as number;
    edges[slot] = e;
  }
  return { offsets, targets, edges };
}
