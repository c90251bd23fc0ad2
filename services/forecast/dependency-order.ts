/**
 * Makes the dependency network acyclic and orders it. Private to the forecast so it does not
 * wait on services/graph; the rule matches the one documented there for CPM.
 *
 * Cycle-breaking rule (deterministic, independent of input order): depth-first search starting
 * from nodes in ascending id order, following successors in ascending id order; every edge that
 * reaches a node still on the search stack (a back edge) is dropped. Each dropped edge lies in a
 * strongly connected component, which is reported with the edges dropped inside it.
 */
import type { BrokenCycle } from './forecast-types.js';

export interface DependencyOrder {
  /** Kept edges `[from, to]` (`to` waits for `from`). */
  readonly edges: readonly (readonly [number, number])[];
  /** Topological order of the node indices (ties by ascending id). */
  readonly order: readonly number[];
  readonly cycles: readonly BrokenCycle[];
}

export function orderDependencies(ids: readonly string[], edges: readonly (readonly [number, number])[]): DependencyOrder {
  const n = ids.length;
  const byId = [...ids.keys()].sort((a, b) => compare(ids[a] as string, ids[b] as string));
  const idRank = new Int32Array(n);
  byId.forEach((node, rank) => (idRank[node] = rank));

  const successors: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) successors[from]?.push(to);
  for (const list of successors) {
    list.sort((a, b) => (idRank[a] as number) - (idRank[b] as number));
    dedupeSorted(list);
  }

  const dropped = findBackEdges(byId, successors);
  const droppedKeys = new Set(dropped.map(([f, t]) => f * n + t));
  const kept: [number, number][] = [];
  for (let from = 0; from < n; from++) {
    for (const to of successors[from] ?? []) if (!droppedKeys.has(from * n + to)) kept.push([from, to]);
  }

  return { edges: kept, order: topologicalOrder(n, kept, idRank), cycles: describeCycles(ids, successors, dropped) };
}

function findBackEdges(byId: readonly number[], successors: readonly (readonly number[])[]): [number, number][] {
  const n = successors.length;
  // 0 = unseen, 1 = on the stack, 2 = finished.
  const state = new Uint8Array(n);
  const cursor = new Int32Array(n);
  const stack: number[] = [];
  const dropped: [number, number][] = [];
  for (const root of byId) {
    if (state[root] !== 0) continue;
    stack.push(root);
    state[root] = 1;
    while (stack.length > 0) {
      const node = stack[stack.length - 1] as number;
      const list = successors[node] ?? [];
      const next = cursor[node] as number;
      if (next >= list.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      cursor[node] = next + 1;
      const to = list[next] as number;
      if (state[to] === 1) dropped.push([node, to]);
      else if (state[to] === 0) {
        state[to] = 1;
        stack.push(to);
      }
    }
  }
  return dropped;
}

function topologicalOrder(n: number, edges: readonly (readonly [number, number])[], idRank: Int32Array): number[] {
  const indegree = new Int32Array(n);
  const successors: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) {
    successors[from]?.push(to);
    indegree[to] = (indegree[to] as number) + 1;
  }
  // Ready nodes kept sorted by id rank, descending, so pop() yields the smallest id.
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) ready.push(i);
  const byRankDesc = (a: number, b: number) => (idRank[b] as number) - (idRank[a] as number);
  ready.sort(byRankDesc);
  const order: number[] = [];
  while (ready.length > 0) {
    const node = ready.pop() as number;
    order.push(node);
    let added = false;
    for (const to of successors[node] ?? []) {
      indegree[to] = (indegree[to] as number) - 1;
      if (indegree[to] === 0) {
        ready.push(to);
        added = true;
      }
    }
    if (added) ready.sort(byRankDesc);
  }
  return order;
}

/** Groups dropped edges by the strongly connected component (Tarjan) that contains them. */
function describeCycles(
  ids: readonly string[],
  successors: readonly (readonly number[])[],
  dropped: readonly (readonly [number, number])[],
): BrokenCycle[] {
  if (dropped.length === 0) return [];
  const component = stronglyConnected(successors);
  const groups = new Map<number, { from: string; to: string }[]>();
  for (const [from, to] of dropped) {
    const c = component[from] as number;
    let list = groups.get(c);
    if (!list) groups.set(c, (list = []));
    list.push({ from: ids[from] as string, to: ids[to] as string });
  }
  const cycles: BrokenCycle[] = [];
  for (const [c, droppedLinks] of groups) {
    const items: string[] = [];
    component.forEach((owner, node) => {
      if (owner === c) items.push(ids[node] as string);
    });
    items.sort(compare);
    cycles.push({ items, droppedLinks });
  }
  return cycles.sort((a, b) => compare(a.items[0] ?? '', b.items[0] ?? ''));
}

/** Iterative Tarjan: component number per node. */
function stronglyConnected(successors: readonly (readonly number[])[]): Int32Array {
  const n = successors.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const cursor = new Int32Array(n);
  const stack: number[] = [];
  const call: number[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    call.push(root);
    while (call.length > 0) {
      const node = call[call.length - 1] as number;
      if (index[node] === -1) {
        index[node] = low[node] = counter++;
        stack.push(node);
        onStack[node] = 1;
      }
      const list = successors[node] ?? [];
      const next = cursor[node] as number;
      if (next < list.length) {
        cursor[node] = next + 1;
        const to = list[next] as number;
        if (index[to] === -1) call.push(to);
        else if (onStack[to] === 1) low[node] = Math.min(low[node] as number, index[to] as number);
        continue;
      }
      call.pop();
      const parent = call[call.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[node] as number);
      if (low[node] === index[node]) {
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component[member] = components;
        } while (member !== node);
        components++;
      }
    }
  }
  return component;
}

function dedupeSorted(list: number[]): void {
  let write = 0;
  for (let read = 0; read < list.length; read++) if (read === 0 || list[read] !== list[read - 1]) list[write++] = list[read] as number;
  list.length = write;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
