/**
 * The simulated items' dependency network, made acyclic with the same rule CPM uses
 * (services/graph/cycles.ts: inside each cycle, the links into its smallest-id member are
 * dropped), so the forecast and the critical path report the same broken links.
 */
import type { CycleReport } from '../graph/analysis-types.js';
import { breakCycles } from '../graph/cycles.js';
import { buildDependencyNetwork, toCsr } from '../graph/dependency-network.js';
import type { GraphItem, ProgramGraph } from '../graph/graph-types.js';

export interface DependencyOrder {
  /**
   * The kept edges (`to` waits for `from`; parent edges run child → parent) as compressed sparse
   * rows: the successors of v are `successors[successorStart[v] .. successorStart[v+1])`.
   */
  readonly successorStart: Int32Array;
  readonly successors: Int32Array;
  /** Kept edges into each item. */
  readonly indegree: Int32Array;
  /** 1 when the item is the parent of another simulated item. */
  readonly hasChildren: Uint8Array;
  readonly cycles: readonly CycleReport[];
}

export function orderDependencies(graph: ProgramGraph, items: readonly GraphItem[]): DependencyOrder {
  const net = buildDependencyNetwork({ ...graph, items });
  const { cycles, dropped } = breakCycles(net);
  const from: number[] = [];
  const to: number[] = [];
  for (let e = 0; e < net.edgeCount; e++) {
    if (dropped[e] === 1) continue;
    from.push(net.edgeFrom[e]!);
    to.push(net.edgeTo[e]!);
  }
  const kept = toCsr(net.size, Int32Array.from(from), Int32Array.from(to));
  const indegree = new Int32Array(net.size);
  for (const v of to) indegree[v] = indegree[v]! + 1;
  return {
    successorStart: kept.offsets,
    successors: kept.targets,
    indegree,
    hasChildren: net.hasChildren,
    cycles,
  };
}
