/**
 * Cycle detection (Tarjan's SCC, iterative: a 100k-item dependency chain must not overflow the
 * call stack) and deterministic cycle breaking so CPM always gets a DAG.
 */
import type { CycleReport, NetworkEdge } from './analysis-types.js';
import { EDGE_BLOCKS, type DependencyNetwork } from './dependency-network.js';

export interface SccOptions {
  /** Edges (by id) to ignore. */
  readonly skipEdge?: Uint8Array;
  /** When given, only nodes with a 1 here take part. */
  readonly nodeMask?: Uint8Array;
}

/**
 * Strongly connected components that form a cycle: more than one member, or one member with
 * a self-loop. Members are node indices; components come out in Tarjan's (reverse topological) order.
 */
export function cyclicComponents(net: DependencyNetwork, options: SccOptions = {}): Int32Array[] {
  const { skipEdge, nodeMask } = options;
  const n = net.size;
  const { succOffsets: offsets, succTargets: targets, succEdges: edges } = net;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const components: Int32Array[] = [];
  let sp = 0;
  let csp = 0;
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1 || (nodeMask && nodeMask[root] === 0)) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[0] = root;
    callEdge[0] = offsets[root] as number;
    csp = 1;
    while (csp > 0) {
      const v = callNode[csp - 1] as number;
      const e = callEdge[csp - 1] as number;
      if (e < (offsets[v + 1] as number)) {
        callEdge[csp - 1] = e + 1;
        if (skipEdge && skipEdge[edges[e] as number] === 1) continue;
        const w = targets[e] as number;
        if (nodeMask && nodeMask[w] === 0) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp] = offsets[w] as number;
          csp++;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
          low[v] = index[w] as number;
        }
        continue;
      }
      csp--;
      if (low[v] === index[v]) {
        let start = sp - 1;
        while (stack[start] !== v) start--;
        const size = sp - start;
        if (size > 1 || hasSelfLoop(net, v, skipEdge)) components.push(stack.slice(start, sp));
        for (let i = start; i < sp; i++) onStack[stack[i] as number] = 0;
        sp = start;
      }
      if (csp > 0) {
        const parent = callNode[csp - 1] as number;
        if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      }
    }
  }
  return components;
}

function hasSelfLoop(net: DependencyNetwork, v: number, skipEdge: Uint8Array | undefined): boolean {
  for (let e = net.succOffsets[v] as number; e < (net.succOffsets[v + 1] as number); e++) {
    if (net.succTargets[e] === v && !(skipEdge && skipEdge[net.succEdges[e] as number] === 1)) return true;
  }
  return false;
}

export interface CycleBreak {
  readonly cycles: readonly CycleReport[];
  /** 1 for every edge CPM must ignore. */
  readonly dropped: Uint8Array;
}

/**
 * Reports every cycle and breaks it: inside each cyclic component, the edges into its
 * smallest-id member that come from the same component are dropped. A component can hold
 * nested cycles that avoid that member, so the components left are searched again until none is cyclic.
 */
export function breakCycles(net: DependencyNetwork): CycleBreak {
  const dropped = new Uint8Array(net.edgeCount);
  const found = cyclicComponents(net);
  const reportOf = new Int32Array(net.size).fill(-1);
  const droppedPerCycle: NetworkEdge[][] = found.map(() => []);
  found.forEach((members, c) => {
    for (const v of members) reportOf[v] = c;
  });

  const roundOf = new Int32Array(net.size).fill(-1);
  let pending = found;
  while (pending.length > 0) {
    const mask = new Uint8Array(net.size);
    pending.forEach((members, c) => {
      for (const v of members) {
        mask[v] = 1;
        roundOf[v] = c;
      }
    });
    for (const members of pending) {
      const head = smallestId(net, members);
      const c = roundOf[head] as number;
      for (let p = net.predOffsets[head] as number; p < (net.predOffsets[head + 1] as number); p++) {
        const edge = net.predEdges[p] as number;
        const source = net.predSources[p] as number;
        if (dropped[edge] === 1 || mask[source] === 0 || roundOf[source] !== c) continue;
        dropped[edge] = 1;
        droppedPerCycle[reportOf[head] as number]?.push(edgeOf(net, edge));
      }
    }
    for (const members of pending) for (const v of members) roundOf[v] = -1;
    pending = cyclicComponents(net, { skipEdge: dropped, nodeMask: mask });
  }

  const cycles = found.map((members, c) => ({
    members: Array.from(members, (v) => net.ids[v] as string).sort(compareIds),
    droppedEdges: (droppedPerCycle[c] ?? []).sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to)),
  }));
  cycles.sort((a, b) => compareIds(a.members[0] as string, b.members[0] as string));
  return { cycles, dropped };
}

function smallestId(net: DependencyNetwork, members: Int32Array): number {
  let best = members[0] as number;
  for (const v of members) if ((net.ids[v] as string) < (net.ids[best] as string)) best = v;
  return best;
}

function edgeOf(net: DependencyNetwork, edge: number): NetworkEdge {
  const from = net.ids[net.edgeFrom[edge] as number] as string;
  const to = net.ids[net.edgeTo[edge] as number] as string;
  return { from, to, kind: net.edgeKind[edge] === EDGE_BLOCKS ? 'blocks' : 'parent' };
}

/** Plain code-unit order: deterministic and locale-independent. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
