import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import { GraphFormatError, parseProgramGraph } from '../../../services/graph/graph-schema.js';
import type { GraphItem, GraphLink } from '../../../services/graph/graph-types.js';
import { MAX_DURATION_DAYS, MAX_SCHEDULE_DAYS, ScheduleLimitError } from '../../../services/graph/schedule-limits.js';
import { blocks, fixed, graphOf, item, seededRandom } from './graph-fixtures.js';

const done = (id: string): GraphItem => item(id, { statusCategory: 'done', durationDays: null });

describe('CPM with finished work', () => {
  it('never lists a done item as near-critical', () => {
    // D is done with a little float against A(3) → C(1): it is not work anyone can expedite.
    const analysis = analyzeProgram(graphOf([...fixed({ A: 3, C: 1 }), done('D')], [blocks('A', 'C'), blocks('D', 'C')]));
    expect(analysis.nearCritical).not.toContain('D');
    expect(analysis.criticalIds).toEqual(['A', 'C']);
  });

  it('does not pass a blocker delay through done work', () => {
    // X(5) → D(done) → E(3): D finished whatever it waited on, so E can start today.
    const analysis = analyzeProgram(graphOf([...fixed({ X: 5, E: 3 }), done('D')], [blocks('X', 'D'), blocks('D', 'E')]));
    const e = analysis.items.find((s) => s.id === 'E')!;
    expect(e.es).toBe(0);
    expect(e.slack).toBe(2);
    expect(analysis.finishDays).toBe(5);
    expect(analysis.criticalIds).toEqual(['X']);
    expect(analysis.criticalPath).toEqual(['X']);
  });

  it('keeps the primary chain inside the critical set on random graphs with done items', () => {
    const random = seededRandom(18);
    for (let g = 0; g < 300; g++) {
      const n = 2 + Math.floor(random() * 10);
      const ids = Array.from({ length: n }, (_, i) => `I${(i * 5 + 2) % 13}-${i}`);
      const items = ids.map((id) => (random() < 0.3 ? done(id) : item(id, { durationDays: Math.floor(random() * 5) })));
      const links: GraphLink[] = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (random() < 0.35) links.push(blocks(ids[a]!, ids[b]!));
      const analysis = analyzeProgram(graphOf(items, links));
      const byId = new Map(analysis.items.map((s) => [s.id, s]));
      const isDone = new Set(items.filter((i) => i.statusCategory === 'done').map((i) => i.id));

      for (const id of [...analysis.criticalIds, ...analysis.nearCritical]) expect(isDone.has(id)).toBe(false);
      for (const id of analysis.criticalPath) expect(analysis.criticalIds).toContain(id);
      if (analysis.criticalIds.length > 0) {
        expect(analysis.criticalPath.length).toBeGreaterThan(0);
        const first = byId.get(analysis.criticalPath[0]!)!;
        const last = byId.get(analysis.criticalPath.at(-1)!)!;
        expect(first.es).toBeCloseTo(0, 9);
        expect(last.ef).toBeCloseTo(analysis.finishDays, 9);
        for (let k = 1; k < analysis.criticalPath.length; k++) {
          expect(byId.get(analysis.criticalPath[k]!)!.es).toBeCloseTo(byId.get(analysis.criticalPath[k - 1]!)!.ef, 9);
        }
      }
      // Done work starts and ends today whatever precedes it.
      for (const id of isDone) expect(byId.get(id)!.ef).toBe(0);
    }
  });
});

describe('zero-duration milestones', () => {
  it('start and finish on the day their predecessors finish', () => {
    // A works Mon 1 – Fri 5 June; the milestone M is reached on Fri 5 June.
    const analysis = analyzeProgram(graphOf(fixed({ A: 5, M: 0 }), [blocks('A', 'M')]));
    const m = analysis.items.find((s) => s.id === 'M')!;
    expect(m.startDate).toBe('2026-06-05');
    expect(m.finishDate).toBe('2026-06-05');
    expect(m.finishDate >= m.startDate).toBe(true);
    expect(analysis.finishDate).toBe('2026-06-05');
  });
});

describe('schedule bounds', () => {
  it('rejects an explicit duration past the limit, naming the item', () => {
    for (const days of [1e7, 1e9]) {
      const graph = graphOf(fixed({ A: 2, HUGE: days }), [blocks('A', 'HUGE')]);
      expect(() => analyzeProgram(graph)).toThrow(ScheduleLimitError);
      expect(() => analyzeProgram(graph)).toThrow(/item HUGE: remaining duration \(explicit\) of \d+ working days exceeds the limit of 10000/);
    }
  });

  it('rejects an estimate that converts past the limit', () => {
    const graph = graphOf([item('BIG', { key: 'PAY-9', estimate: 1e9 })]);
    expect(() => analyzeProgram(graph)).toThrow(/item PAY-9 \(BIG\)/);
  });

  it('rejects a chain whose finish runs past the schedule limit, naming its last item', () => {
    const count = Math.ceil(MAX_SCHEDULE_DAYS / MAX_DURATION_DAYS) + 1;
    const ids = Array.from({ length: count }, (_, i) => `C${i}`);
    const graph = graphOf(
      ids.map((id) => item(id, { durationDays: MAX_DURATION_DAYS })),
      ids.slice(1).map((id, i) => blocks(ids[i]!, id)),
    );
    expect(() => analyzeProgram(graph)).toThrow(new RegExp(`item ${ids.at(-1)}: program finish`));
  });

  it('reports oversized durations and out-of-range dates in a graph file', () => {
    const file = {
      version: 1,
      program: 'p',
      asOf: '2026-06-01',
      items: [
        { id: 'A', statusCategory: 'todo', durationDays: 1e7 },
        { id: 'B', statusCategory: 'todo', dueDate: '9999-01-01' },
      ],
    };
    try {
      parseProgramGraph(file);
      expect.unreachable('the graph should be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(GraphFormatError);
      const problems = (error as GraphFormatError).problems;
      expect(problems).toContain('items[0].durationDays: item A: 10000000 working days exceeds the limit of 10000');
      expect(problems).toContain('items[1].dueDate: expected a year in 1900..2999');
    }
  });
});
