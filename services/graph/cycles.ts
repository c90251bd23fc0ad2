/**
 * Cycle detection (Tarjan's SCC, iterative: a 100k-item dependency chain must not overflow the
 * call stack) and deterministic cycle breaking so CPM always gets a DAG.
 */
import type { CycleReport, NetworkEdge } from './analysis-types.js';
import { EDGE_BLOCKS, type DependencyNetwork } from './dependency-network.js';

/**
 * Strongly connected components that form a cycle: more than one member, or one member with
 * a self-loop. Members are node indices; components come out in Tarjan's (reverse topological) order.
 */
export function cyclicComponents(net: DependencyNetwork, options: { readonly nodeMask?: Uint8Array } = {}): Int32Array[] {
  // Nodes masked out (0) are left out with every edge that touches them.
  const { nodeMask } = options;
  const n = net.size;
  const { succOffsets: offsets, succTargets: targets } = net;
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
        if (size > 1 || hasSelfLoop(net, v)) components.push(stack.slice(start, sp));
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

function hasSelfLoop(net: DependencyNetwork, v: number): boolean {
  for (let e = net.succOffsets[v] as number; e < (net.succOffsets[v + 1] as number); e++) {
    if (net.succTargets[e] === v) return true;
  }
  return false;
}

export interface CycleBreak {
  readonly cycles: readonly CycleReport[];
  /** 1 for every edge CPM must ignore. */
  readonly dropped: Uint8Array;
}

/**
 * Reports every cycle and breaks it in O(V + E), however deeply cycles nest: a depth-first search
 * of each cyclic component, restricted to the component's own edges, starts at its smallest-id
 * member and follows successors in id order; the back edges it meets (into a node still on the
 * search path) are dropped. Every cycle holds a back edge, so what is left is acyclic; every edge
 * into the smallest member is a back edge, and the order makes the choice independent of link order.
 */
export function breakCycles(net: DependencyNetwork): CycleBreak {
  const dropped = new Uint8Array(net.edgeCount);
  const found = cyclicComponents(net);
  if (found.length === 0) return { cycles: [], dropped };
  const componentOf = new Int32Array(net.size).fill(-1);
  found.forEach((members, c) => {
    for (const v of members) componentOf[v] = c;
  });
  const byId = cyclicNodesInIdOrder(net, found);
  const inner = innerSuccessorsInIdOrder(net, componentOf, byId);
  const droppedPerCycle: NetworkEdge[][] = found.map(() => []);

  // 0 = unseen, 1 = on the search path, 2 = finished.
  const state = new Uint8Array(net.size);
  const pathNode = new Int32Array(byId.length);
  const pathNext = new Int32Array(byId.length);
  for (const root of byId) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    pathNode[0] = root;
    pathNext[0] = inner.offsets[root] as number;
    let depth = 1;
    while (depth > 0) {
      const v = pathNode[depth - 1] as number;
      const k = pathNext[depth - 1] as number;
      if (k === (inner.offsets[v + 1] as number)) {
        state[v] = 2;
        depth--;
        continue;
      }
      pathNext[depth - 1] = k + 1;
      const w = inner.targets[k] as number;
      if (state[w] === 0) {
        state[w] = 1;
        pathNode[depth] = w;
        pathNext[depth] = inner.offsets[w] as number;
        depth++;
      } else if (state[w] === 1) {
        const edge = inner.edges[k] as number;
        dropped[edge] = 1;
        droppedPerCycle[componentOf[w] as number]?.push(edgeOf(net, edge));
      }
    }
  }

  const cycles = found.map((members, c) => ({
    members: Array.from(members, (v) => net.ids[v] as string).sort(compareIds),
    droppedEdges: (droppedPerCycle[c] ?? []).sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to) || compareIds(a.kind, b.kind)),
  }));
  cycles.sort((a, b) => compareIds(a.members[0] as string, b.members[0] as string));
  return { cycles, dropped };
}

/** The members of all cyclic components, in id order. */
function cyclicNodesInIdOrder(net: DependencyNetwork, components: readonly Int32Array[]): Int32Array {
  let total = 0;
  for (const members of components) total += members.length;
  const nodes = new Int32Array(total);
  let i = 0;
  for (const members of components) {
    nodes.set(members, i);
    i += members.length;
  }
  return nodes.sort((a, b) => compareIds(net.ids[a] as string, net.ids[b] as string));
}

interface Adjacency {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly edges: Int32Array;
}

/**
 * For every cyclic node, its edges to members of the same component, sorted by target id: filled
 * by walking targets in id order (a bucket pass, linear in the edges) rather than sorting each list.
 */
function innerSuccessorsInIdOrder(net: DependencyNetwork, componentOf: Int32Array, byId: Int32Array): Adjacency {
  const offsets = new Int32Array(net.size + 1);
  const isInner = (source: number, target: number): boolean =>
    componentOf[source] !== -1 && componentOf[source] === componentOf[target];
  for (const w of byId) {
    for (let p = net.predOffsets[w] as number; p < (net.predOffsets[w + 1] as number); p++) {
      const u = net.predSources[p] as number;
      if (isInner(u, w)) offsets[u + 1] = (offsets[u + 1] as number) + 1;
    }
  }
  for (let v = 0; v < net.size; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const fill = offsets.slice(0, net.size);
  const targets = new Int32Array(offsets[net.size] as number);
  const edges = new Int32Array(targets.length);
  for (const w of byId) {
    for (let p = net.predOffsets[w] as number; p < (net.predOffsets[w + 1] as number); p++) {
      const u = net.predSources[p] as number;
      if (!isInner(u, w)) continue;
      const at = fill[u] as number;
      targets[at] = w;
      edges[at] = net.predEdges[p] as number;
      fill[u] = at + 1;
    }
  }
  return { offsets, targets, edges };
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
