/**
 * The program's scope for CPM: the selected items, everything they transitively depend on
 * (`A blocks B`, B in scope → A in scope) and the children of every parent in scope.
 */
import type { ScopeStats } from './analysis-types.js';
import { groupBy, indexGraph, rememberIndex } from './graph-index.js';
import type { GraphLink, ProgramGraph } from './graph-types.js';

export function selectScope(graph: ProgramGraph): ProgramGraph {
  const n = graph.items.length;
  const { linkFrom, linkTo } = indexGraph(graph);
  const links = graph.links;
  // For each item, the items its membership pulls in: a blocked item its blocker, a parent its child.
  const holder = (k: number): number => {
    const a = linkFrom[k]!;
    const b = linkTo[k]!;
    if (a < 0 || b < 0) return -1;
    const kind = links[k]!.kind;
    return kind === 'blocks' ? b : kind === 'parent' ? a : -1;
  };
  const pulled = (k: number): number => (links[k]!.kind === 'blocks' ? linkFrom[k]! : linkTo[k]!);
  const pulls = groupBy(n, links.length, holder, pulled);

  const selected = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  graph.items.forEach((item, i) => {
    if (item.inScope) {
      selected[i] = 1;
      queue[tail++] = i;
    }
  });
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number;
    for (let k = pulls.offsets[v] as number; k < (pulls.offsets[v + 1] as number); k++) {
      const w = pulls.values[k] as number;
      if (selected[w] === 1) continue;
      selected[w] = 1;
      queue[tail++] = w;
    }
  }

  // Build the scoped graph together with its index, so nothing downstream resolves ids again.
  const remap = new Int32Array(n).fill(-1);
  const items = [];
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (selected[i] !== 1) continue;
    const item = graph.items[i]!;
    remap[i] = items.length;
    indexOf.set(item.id, items.length);
    items.push(item);
  }
  const scopedLinks: GraphLink[] = [];
  const from = new Int32Array(links.length);
  const to = new Int32Array(links.length);
  for (let k = 0; k < links.length; k++) {
    const a = linkFrom[k]!;
    const b = linkTo[k]!;
    if (a < 0 || b < 0 || selected[a] !== 1 || selected[b] !== 1) continue;
    from[scopedLinks.length] = remap[a]!;
    to[scopedLinks.length] = remap[b]!;
    scopedLinks.push(links[k]!);
  }
  const scoped: ProgramGraph = { ...graph, items, links: scopedLinks };
  rememberIndex(scoped, { indexOf, linkFrom: from.slice(0, scopedLinks.length), linkTo: to.slice(0, scopedLinks.length) });
  return scoped;
}

export function scopeStats(scoped: ProgramGraph): ScopeStats {
  let selectedItems = 0;
  let doneItems = 0;
  let placeholderItems = 0;
  let points = 0;
  let remainingPoints = 0;
  for (const item of scoped.items) {
    if (item.inScope) selectedItems++;
    if (item.placeholder) placeholderItems++;
    const done = item.statusCategory === 'done';
    if (done) doneItems++;
    if (item.estimate !== null) {
      points += item.estimate;
      if (!done) remainingPoints += item.estimate;
    }
  }
  return {
    selectedItems,
    dependencyItems: scoped.items.length - selectedItems,
    totalItems: scoped.items.length,
    blocksLinks: scoped.links.reduce((count, link) => count + (link.kind === 'blocks' ? 1 : 0), 0),
    doneItems,
    openItems: scoped.items.length - doneItems,
    placeholderItems,
    points,
    remainingPoints,
  };
}
