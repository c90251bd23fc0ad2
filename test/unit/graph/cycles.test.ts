import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import { breakCycles, cyclicComponents } from '../../../services/graph/cycles.js';
import { buildDependencyNetwork, type DependencyNetwork } from '../../../services/graph/dependency-network.js';
import type { GraphLink } from '../../../services/graph/graph-types.js';
import { blocks, doubleLinkedChain, fixed, graphOf, item, parentOf } from './graph-fixtures.js';

function cyclesOf(ids: readonly string[], links: readonly GraphLink[]) {
  return breakCycles(buildDependencyNetwork(graphOf(ids.map((id) => item(id)), links))).cycles;
}

describe('cycles', () => {
  it('finds a 2-cycle and drops the edge into its smallest member', () => {
    expect(cyclesOf(['A', 'B', 'C'], [blocks('A', 'B'), blocks('B', 'A'), blocks('B', 'C')])).toEqual([
      { members: ['A', 'B'], droppedEdges: [{ from: 'B', to: 'A', kind: 'blocks' }] },
    ]);
  });

  it('finds a 3-cycle', () => {
    expect(cyclesOf(['X', 'Y', 'Z'], [blocks('Y', 'Z'), blocks('Z', 'X'), blocks('X', 'Y')])).toEqual([
      { members: ['X', 'Y', 'Z'], droppedEdges: [{ from: 'Z', to: 'X', kind: 'blocks' }] },
    ]);
  });

  it('finds a self-loop', () => {
    expect(cyclesOf(['A', 'B'], [blocks('A', 'A'), blocks('A', 'B')])).toEqual([
      { members: ['A'], droppedEdges: [{ from: 'A', to: 'A', kind: 'blocks' }] },
    ]);
  });

  it('breaks nested cycles that avoid the smallest member', () => {
    // A→B→C→A plus B⇄D: one component; dropping C→A leaves B⇄D, broken at B.
    expect(
      cyclesOf(['A', 'B', 'C', 'D'], [blocks('A', 'B'), blocks('B', 'C'), blocks('C', 'A'), blocks('B', 'D'), blocks('D', 'B')]),
    ).toEqual([
      {
        members: ['A', 'B', 'C', 'D'],
        droppedEdges: [
          { from: 'C', to: 'A', kind: 'blocks' },
          { from: 'D', to: 'B', kind: 'blocks' },
        ],
      },
    ]);
  });

  it('reports separate cycles separately, sorted, and ignores acyclic parts', () => {
    const cycles = cyclesOf(
      ['P', 'Q', 'R', 'S', 'T'],
      [blocks('S', 'T'), blocks('T', 'S'), blocks('P', 'Q'), blocks('Q', 'P'), blocks('Q', 'R')],
    );
    expect(cycles.map((c) => c.members)).toEqual([
      ['P', 'Q'],
      ['S', 'T'],
    ]);
  });

  it('sees cycles through parent links (a child blocking its own epic is fine, an epic blocking its child is not)', () => {
    expect(cyclesOf(['E', 'C'], [parentOf('E', 'C'), blocks('C', 'E')])).toEqual([]);
    expect(cyclesOf(['E', 'C'], [parentOf('E', 'C'), blocks('E', 'C')])).toEqual([
      { members: ['C', 'E'], droppedEdges: [{ from: 'E', to: 'C', kind: 'blocks' }] },
    ]);
  });

  it('lets CPM run on a graph with cycles, without the dropped edges', () => {
    const analysis = analyzeProgram(graphOf(fixed({ A: 2, B: 3, C: 1 }), [blocks('A', 'B'), blocks('B', 'A'), blocks('B', 'C')]));
    expect(analysis.cycles).toHaveLength(1);
    // B → A dropped: A(0–2) → B(2–5) → C(5–6).
    expect(analysis.finishDays).toBe(6);
    expect(analysis.criticalPath).toEqual(['A', 'B', 'C']);
  });

  it('handles a 100k-item chain and a 100k-item ring without recursion', () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `I${String(i).padStart(6, '0')}`);
    const chain = ids.slice(1).map((id, i) => blocks(ids[i] as string, id));
    const chainNet = buildDependencyNetwork(graphOf(ids.map((id) => item(id)), chain));
    expect(cyclicComponents(chainNet)).toEqual([]);

    const ring = [...chain, blocks(ids[n - 1] as string, ids[0] as string)];
    const ringResult = breakCycles(buildDependencyNetwork(graphOf(ids.map((id) => item(id)), ring)));
    expect(ringResult.cycles).toHaveLength(1);
    expect(ringResult.cycles[0]?.members).toHaveLength(n);
    expect(ringResult.cycles[0]?.droppedEdges).toEqual([{ from: ids[n - 1], to: ids[0], kind: 'blocks' }]);

    const analysis = analyzeProgram(graphOf(ids.map((id) => item(id, { durationDays: 1 })), ring));
    expect(analysis.finishDays).toBe(n);
    expect(analysis.criticalPath).toHaveLength(n);
  });

  it('breaks a 16k-item chain whose neighbours block each other both ways at every step, keeping the forward chain', () => {
    const n = 16_000;
    const { ids, links } = doubleLinkedChain(n);
    const net = buildDependencyNetwork(graphOf(ids.map((id) => item(id)), links));
    const result = breakCycles(net);
    expect(result.cycles).toHaveLength(1);
    expect(result.cycles[0]?.members).toHaveLength(n);
    expect(result.cycles[0]?.droppedEdges).toEqual(ids.slice(1).map((id, i) => ({ from: id, to: ids[i], kind: 'blocks' })));
    expect(isAcyclicWithout(net, result.dropped)).toBe(true);

    const analysis = analyzeProgram(graphOf(ids.map((id) => item(id, { durationDays: 1 })), links));
    expect(analysis.finishDays).toBe(n);
  });

  it('always leaves an acyclic network, drops only edges inside cycles and ignores link order', () => {
    const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const link = fc.record({
      from: fc.constantFrom(...ids),
      to: fc.constantFrom(...ids),
      kind: fc.constantFrom('blocks' as const, 'parent' as const),
    });
    fc.assert(
      fc.property(fc.array(link, { maxLength: 25 }), fc.integer(), (links, seed) => {
        const net = buildDependencyNetwork(graphOf(ids.map((id) => item(id)), links));
        const result = breakCycles(net);
        expect(isAcyclicWithout(net, result.dropped)).toBe(true);
        const members = new Map(result.cycles.flatMap((cycle, c) => cycle.members.map((id) => [id, c] as const)));
        for (const cycle of result.cycles) {
          expect(cycle.droppedEdges.length).toBeGreaterThan(0);
          for (const edge of cycle.droppedEdges) expect(members.get(edge.from)).toBe(members.get(edge.to));
        }
        const shuffled = [...links].sort((a, b) => hash(a, seed) - hash(b, seed));
        expect(breakCycles(buildDependencyNetwork(graphOf(ids.map((id) => item(id)), shuffled))).cycles).toEqual(result.cycles);
      }),
    );
  });
});

/** Kahn's algorithm over the edges not dropped: every node gets ordered only when no cycle is left. */
function isAcyclicWithout(net: DependencyNetwork, dropped: Uint8Array): boolean {
  const indegree = new Int32Array(net.size);
  for (let e = 0; e < net.edgeCount; e++) {
    const to = net.edgeTo[e] as number;
    if (dropped[e] === 0) indegree[to] = (indegree[to] as number) + 1;
  }
  const ready = [...indegree.keys()].filter((v) => indegree[v] === 0);
  let ordered = 0;
  for (let v = ready.pop(); v !== undefined; v = ready.pop()) {
    ordered++;
    for (let k = net.succOffsets[v] as number; k < (net.succOffsets[v + 1] as number); k++) {
      if (dropped[net.succEdges[k] as number] === 1) continue;
      const w = net.succTargets[k] as number;
      indegree[w] = (indegree[w] as number) - 1;
      if (indegree[w] === 0) ready.push(w);
    }
  }
  return ordered === net.size;
}

function hash(link: GraphLink, seed: number): number {
  let h = seed | 0;
  for (const ch of `${link.from}${link.to}${link.kind}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1);
  return h;
}
