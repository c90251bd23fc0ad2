/**
 * The simulated items' dependency network, made acyclic with the same rule CPM uses
 * (services/graph/cycles.ts: inside each cycle, the links into its smallest-id member are
 * dropped), so the forecast and the critical path report the same broken links.
 */
import type { CycleReport } from '../graph/analysis-types.js';
import { breakCycles } from '../graph/cycles.js';
import { buildDependencyNetwork } from '../graph/dependency-network.js';
import type { GraphItem, ProgramGraph } from '../graph/graph-types.js';

export interface DependencyOrder {
  /** Kept edges `[from, to]` by item position (`to` waits for `from`); parent edges run child → parent. */
  readonly edges: readonly (readonly [number, number])[];
  /** A topological order of the item positions (Kahn, ties in item order). */
  readonly order: readonly number[];
  /** 1 when the item is the parent of another simulated item. */
  readonly hasChildren: Uint8Array;
  readonly cycles: readonly CycleReport[];
}

export function orderDependencies(graph: ProgramGraph, items: readonly GraphItem[]): DependencyOrder {
  const net = buildDependencyNetwork({ ...graph, items });
  const { cycles, dropped } = breakCycles(net);
  const edges: [number, number][] = [];
  for (let e = 0; e < net.edgeCount; e++) if (dropped[e] !== 1) edges.push([net.edgeFrom[e]!, net.edgeTo[e]!]);
  return { edges, order: topologicalOrder(net.size, edges), hasChildren: net.hasChildren, cycles };
}

function topologicalOrder(n: number, edges: readonly (readonly [number, number])[]): number[] {
  const indegree = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (const [from, to] of edges) {
    indegree[to] = indegree[to]! + 1;
    start[from + 1] = start[from + 1]! + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const targets = new Int32Array(edges.length);
  const fill = start.slice(0, n);
  for (const [from, to] of edges) targets[fill[from]!++] = to;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    const v = order[head]!;
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      const w = targets[e]!;
      indegree[w] = indegree[w]! - 1;
      if (indegree[w] === 0) order.push(w);
    }
  }
  if (order.length !== n) throw new Error('dependency network still cyclic after breaking cycles');
  return order;
}
