import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import type { GraphLink } from '../../../services/graph/graph-types.js';
import { blocks, fixed, graphOf, seededRandom } from './graph-fixtures.js';

/** Longest path through each node by enumerating every path: exponential, fine for 9 nodes. */
function bruteForce(n: number, durations: readonly number[], edges: readonly (readonly [number, number])[]) {
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) succ[a]?.push(b);
  const longestTo = new Array<number>(n).fill(0); // longest path ending just before v (= ES)
  const longestFrom = new Array<number>(n).fill(0); // longest path starting at v (duration included)
  const walk = (v: number, before: number): void => {
    longestTo[v] = Math.max(longestTo[v] as number, before);
    for (const w of succ[v] ?? []) walk(w, before + (durations[v] as number));
  };
  for (let v = 0; v < n; v++) walk(v, 0);
  const from = (v: number): number => (durations[v] as number) + Math.max(0, ...(succ[v] ?? []).map(from));
  for (let v = 0; v < n; v++) longestFrom[v] = from(v);
  const finish = Math.max(0, ...longestFrom);
  return { es: longestTo, finish, slack: longestTo.map((es, v) => finish - es - (longestFrom[v] as number)) };
}

describe('CPM against brute-force longest paths', () => {
  it('agrees on 200 random small DAGs', () => {
    const random = seededRandom(20260601);
    for (let g = 0; g < 200; g++) {
      const n = 1 + Math.floor(random() * 9);
      const durations = Array.from({ length: n }, () => Math.floor(random() * 6) * (random() < 0.2 ? 0.5 : 1));
      const edges: [number, number][] = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (random() < 0.35) edges.push([a, b]);
      // Ids shuffled against the topological order so the engine cannot rely on input order.
      const names = Array.from({ length: n }, (_, i) => `N${(i * 7 + 3) % 11}-${i}`).reverse();
      const links: GraphLink[] = edges.map(([a, b]) => blocks(names[a] as string, names[b] as string));
      const analysis = analyzeProgram(graphOf(fixed(Object.fromEntries(names.map((id, i) => [id, durations[i] as number]))), links));
      const expected = bruteForce(n, durations, edges);

      expect(analysis.finishDays).toBeCloseTo(expected.finish, 9);
      for (let i = 0; i < n; i++) {
        const schedule = analysis.items.find((s) => s.id === names[i]);
        expect(schedule?.es).toBeCloseTo(expected.es[i] as number, 9);
        expect(schedule?.slack).toBeCloseTo(expected.slack[i] as number, 9);
        expect(schedule?.critical).toBe(Math.abs(expected.slack[i] as number) < 1e-9);
      }
      // The primary chain is a real path whose durations add up to the finish.
      const path = analysis.criticalPath.map((id) => names.indexOf(id));
      for (let k = 1; k < path.length; k++) expect(edges).toContainEqual([path[k - 1], path[k]]);
      expect(path.reduce((sum, v) => sum + (durations[v] as number), 0)).toBeCloseTo(expected.finish, 9);
    }
  });
});
