import { describe, expect, it } from 'vitest';
import type { ProgramGraph } from '../../../services/graph/graph-types.js';
import { attributeChange } from '../../../services/whatif/attribution.js';
import { blocks, fixed, graphOf, team } from '../graph/graph-fixtures.js';

const history = team('core', { cycleTimes: [2, 3, 3, 4, 5, 5, 6, 8, 3, 4], daysPerPoint: 1, weeklyThroughput: [2, 3, 2] });
const classic = graphOf(
  fixed({ A: 3, B: 4, C: 2, D: 5, E: 1, F: 2, G: 3 }),
  [blocks('A', 'C'), blocks('A', 'D'), blocks('B', 'E'), blocks('C', 'E'), blocks('D', 'F'), blocks('E', 'F'), blocks('F', 'G')],
  { teams: [history], targetDate: '2026-06-30' },
);
const settings = { trials: 2_000, seed: 11 };

function edit(graph: ProgramGraph, changes: Record<string, Partial<ProgramGraph['items'][number]>>): ProgramGraph {
  return { ...graph, items: graph.items.map((i) => (changes[i.id] ? { ...i, ...changes[i.id] } : i)) };
}

describe('why the date moved', () => {
  it('gives a critical re-estimate its exact effect and ignores a change within slack', () => {
    const after = edit(classic, { D: { durationDays: 8 }, C: { durationDays: 3 } });
    const result = attributeChange(classic, after, settings);
    expect(result.finish.days).toBe(3);
    expect(result.causes[0]).toMatchObject({ kind: 'item-changed', text: 'D remaining 5 → 8 days', finishDays: 3 });
    // Within slack: no effect on the CPM finish (the forecast may still see it).
    expect(result.causes.find((c) => c.text.startsWith('C '))?.finishDays ?? 0).toBe(0);
    expect(result.residual.finishDays).toBe(0);
  });

  it('attributes a new link and a finished item, largest first, summing to the total', () => {
    const after: ProgramGraph = {
      ...edit(classic, { A: { statusCategory: 'done', completedAt: '2026-06-01T00:00:00.000Z', durationDays: 0 } }),
      links: [...classic.links, blocks('B', 'D')],
    };
    const result = attributeChange(classic, after, settings);
    expect(new Map(result.causes.map((c) => [c.text, c.finishDays]))).toEqual(new Map([['A done', -3], ['new link B → D', 4]]));
    // Largest effect first, on either date.
    const size = (c: (typeof result.causes)[number]) => Math.max(Math.abs(c.finishDays), Math.abs(c.p85Days ?? 0));
    expect(result.causes.map(size)).toEqual(result.causes.map(size).sort((a, b) => b - a));
    expect(result.finish.days).toBe(1);
    const sum = result.causes.reduce((s, c) => s + c.finishDays, 0) + result.residual.finishDays;
    expect(sum).toBe(result.finish.days);
    const p85Sum = result.causes.reduce((s, c) => s + (c.p85Days ?? 0), 0) + (result.residual.p85Days ?? 0);
    expect(p85Sum).toBe(result.p85!.days);
  });

  it('counts scope added and time passing as their own causes', () => {
    const added = fixed({ H: 6 })[0]!;
    const after: ProgramGraph = { ...classic, asOf: '2026-06-03', items: [...classic.items, added], links: [...classic.links, blocks('G', 'H')] };
    const result = attributeChange(classic, after, settings);
    const byKind = Object.fromEntries(result.causes.map((c) => [c.kind, c.finishDays]));
    expect(byKind['link-added']).toBe(6);
    expect(byKind['time-passed']).toBe(2);
    expect(result.finish.days).toBe(8);
    expect(result.residual.finishDays).toBe(0);
  });

  it('reports nothing when nothing changed', () => {
    const result = attributeChange(classic, classic, settings);
    expect(result.causes).toEqual([]);
    expect(result.finish.days).toBe(0);
    expect(result.p85?.days).toBe(0);
  });
});
