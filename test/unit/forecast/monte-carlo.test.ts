import { describe, expect, it } from 'vitest';
import { InsufficientHistoryError } from '../../../services/forecast/forecast-errors.js';
import { forecastProgram } from '../../../services/forecast/monte-carlo.js';
import { blocks, chain, item, profile, program, repeat } from './program-fixture.js';

describe('forecastProgram: analytically checkable cases', () => {
  it('a chain with a constant team distribution finishes on an exact date', () => {
    const { items, links } = chain('A', 'alpha', 3);
    const result = forecastProgram(program(items, links, [profile('alpha', repeat([2], 10))], '2026-07-13'), { trials: 500 });
    // 3 × 2 working days from Monday 6 July: Mon..Fri, Mon 13.
    expect([result.p50, result.p85, result.p95]).toEqual(['2026-07-13', '2026-07-13', '2026-07-13']);
    expect(result.percentileWorkingDays).toEqual({ p50: 6, p85: 6, p95: 6 });
    expect(result.probabilityOnTarget).toBe(1);
    expect(result.histogram).toEqual([{ date: '2026-07-13', trials: 500, probability: 1 }]);
    expect(result.criticality.map((c) => [c.key, c.index])).toEqual([['A1', 1], ['A2', 1], ['A3', 1]]);
    expect(result.lowConfidence).toBeNull();
    expect(forecastProgram(program(items, links, [profile('alpha', repeat([2], 10))], '2026-07-10')).probabilityOnTarget).toBe(0);
  });

  it('two parallel chains finish with the longer one', () => {
    const a = chain('A', 'alpha', 3); // 6 days
    const b = chain('B', 'beta', 2); // 8 days
    const teams = [profile('alpha', repeat([2], 10)), profile('beta', repeat([4], 10))];
    const result = forecastProgram(program([...a.items, ...b.items], [...a.links, ...b.links], teams), { trials: 200 });
    expect(result.p85).toBe('2026-07-15');
    expect(result.criticality.map((c) => [c.key, c.index])).toEqual([['B1', 1], ['B2', 1]]);
  });

  it('team capacity serializes independent work', () => {
    const items = ['I1', 'I2', 'I3', 'I4'].map((id) => item(id, 'alpha'));
    const one = forecastProgram(program(items, [], [profile('alpha', repeat([1], 10), 1)]), { trials: 100 });
    expect(one.p50).toBe('2026-07-09'); // 4 working days
    const two = forecastProgram(program(items, [], [profile('alpha', repeat([1], 10), 2)]), { trials: 100 });
    expect(two.p50).toBe('2026-07-07'); // 2 working days
    // Every item is on the critical chain in some order; with one slot all four are, every trial.
    expect(one.criticality.map((c) => c.index)).toEqual([1, 1, 1, 1]);
  });

  it('a two-valued distribution gives the hand-computed percentiles', () => {
    // Cycle time 2 with p = 3/4, 5 with p = 1/4; two items in a chain:
    // 4 days p = 9/16 (Thu 9 Jul), 7 days p = 6/16 (Tue 14 Jul), 10 days p = 1/16 (Fri 17 Jul).
    const { items, links } = chain('A', 'alpha', 2);
    const result = forecastProgram(program(items, links, [profile('alpha', repeat([2, 2, 2, 5], 3))], '2026-07-14'), { trials: 20_000, seed: 7 });
    expect([result.p50, result.p85, result.p95]).toEqual(['2026-07-09', '2026-07-14', '2026-07-17']);
    expect(result.probabilityOnTarget).toBeCloseTo(15 / 16, 2);
    expect(result.histogram.map((b) => b.date)).toEqual(['2026-07-09', '2026-07-14', '2026-07-17']);
    expect(result.histogram[0]!.probability).toBeCloseTo(9 / 16, 2);
    expect(result.cdf.map((p) => p.probability).at(-1)).toBe(1);
  });

  it('scales the sampled cycle time by the estimate relative to the team median', () => {
    // Median 2 days at 1 day per point: a 4-point item takes 4 days, a 1-point item 1 day.
    const items = [item('BIG', 'alpha', { estimate: 4 }), item('SMALL', 'alpha', { estimate: 1 })];
    const result = forecastProgram(program(items, [blocks('BIG', 'SMALL')], [profile('alpha', repeat([2], 10), 1, 1)]), { trials: 50 });
    expect(result.percentileWorkingDays.p50).toBe(5);
  });

  it('samples in-progress items conditional on their elapsed working days', () => {
    // Started Thursday 2 July: Thu and Fri elapsed, so 1 of 3 days remains.
    const started = item('P', 'alpha', { statusCategory: 'in_progress', startedAt: '2026-07-02T10:00:00.000Z' });
    const r1 = forecastProgram(program([started], [], [profile('alpha', repeat([3], 10))]), { trials: 50 });
    expect(r1.percentileWorkingDays.p50).toBe(1);
    // Started 22 June: 10 working days elapsed, beyond all history: half a day remains, then 3.
    const stale = item('P', 'alpha', { statusCategory: 'in_progress', startedAt: '2026-06-22T10:00:00.000Z' });
    const r2 = forecastProgram(program([stale, item('N', 'alpha')], [blocks('P', 'N')], [profile('alpha', repeat([3], 10))]), { trials: 50 });
    expect(r2.percentileWorkingDays.p50).toBe(3.5);
    expect(r2.p50).toBe('2026-07-09');
  });

  it('finishes parents with their last child and ignores done items', () => {
    const items = [
      item('EPIC', 'alpha'),
      item('C1', 'alpha', { inScope: false }),
      item('C2', 'beta', { inScope: false }),
      item('DONE', 'alpha', { statusCategory: 'done' }),
    ];
    const links = [
      { from: 'EPIC', to: 'C1', kind: 'parent' as const },
      { from: 'EPIC', to: 'C2', kind: 'parent' as const },
      blocks('DONE', 'C1'),
    ];
    const result = forecastProgram(program(items, links, [profile('alpha', repeat([2], 10)), profile('beta', repeat([3], 10))]), { trials: 50 });
    expect(result.simulatedItems).toBe(3);
    expect(result.percentileWorkingDays.p50).toBe(3);
  });
});

describe('forecastProgram: reproducibility and robustness', () => {
  const a = chain('A', 'alpha', 6);
  const b = chain('B', 'beta', 4);
  const teams = [profile('alpha', [1, 2, 2, 3, 3, 4, 5, 8, 13], 2), profile('beta', [2, 3, 3, 4, 6, 9, 10, 12], 1)];
  const graph = program([...a.items, ...b.items], [...a.links, ...b.links, blocks('B4', 'A6')], teams, '2026-08-14');

  it('is identical for the same seed', () => {
    expect(forecastProgram(graph, { seed: 42 })).toEqual(forecastProgram(graph, { seed: 42 }));
  });

  it('samples differently for another seed but lands close', () => {
    const x = forecastProgram(graph, { seed: 1 });
    const y = forecastProgram(graph, { seed: 2 });
    expect(x.histogram).not.toEqual(y.histogram);
    expect(Math.abs(x.percentileWorkingDays.p85 - y.percentileWorkingDays.p85)).toBeLessThanOrEqual(1);
    expect(Math.abs(x.probabilityOnTarget! - y.probabilityOnTarget!)).toBeLessThan(0.03);
  });

  it('never gets earlier when work is added', () => {
    const more = program(
      [...graph.items, item('X1', 'beta'), item('X2', 'alpha')],
      [...graph.links, blocks('X1', 'B3'), blocks('A2', 'X2')],
      teams,
      graph.targetDate,
    );
    for (const seed of [3, 17, 99, 2024]) {
      const base = forecastProgram(graph, { seed, trials: 2_000 });
      const after = forecastProgram(more, { seed, trials: 2_000 });
      expect(after.p50 >= base.p50).toBe(true);
      expect(after.p85 >= base.p85).toBe(true);
      expect(after.percentileWorkingDays.p85).toBeGreaterThan(base.percentileWorkingDays.p85);
      expect(after.probabilityOnTarget!).toBeLessThanOrEqual(base.probabilityOnTarget!);
    }
  });

  it('breaks dependency cycles deterministically and reports them', () => {
    const items = [item('B', 'alpha'), item('A', 'alpha'), item('C', 'alpha')];
    const links = [blocks('A', 'B'), blocks('B', 'C'), blocks('C', 'A')];
    const result = forecastProgram(program(items, links, [profile('alpha', repeat([1], 10), 3)]), { trials: 10 });
    // CPM's rule: inside the cycle, links into the smallest id (A) from the cycle are dropped.
    expect(result.cycles).toEqual([{ members: ['A', 'B', 'C'], droppedEdges: [{ from: 'C', to: 'A', kind: 'blocks' }] }]);
    expect(result.percentileWorkingDays.p50).toBe(3);
  });

  it('flags teams with sparse history and uses the pooled distribution', () => {
    const items = [item('S1', 'sparse'), item('R1', 'rich')];
    const result = forecastProgram(program(items, [], [profile('rich', repeat([4], 10), 2), profile('sparse', [1, 1, 1])]), { trials: 200 });
    expect(result.lowConfidence?.teams).toEqual(['sparse']);
    expect(result.lowConfidence?.reason).toContain('fewer than 8 finished items');
    // Pooled: 10 × 4 and 3 × 1.
    expect(result.percentileWorkingDays.p95).toBe(4);
    const ok = forecastProgram(program(items, [], [profile('rich', repeat([4], 10), 2), profile('sparse', [1, 1, 1])]), { trials: 200, minFinishedItems: 3 });
    expect(ok.lowConfidence).toBeNull();
  });

  it('refuses to invent numbers without any history', () => {
    const items = [item('A1', 'alpha')];
    expect(() => forecastProgram(program(items, [], []))).toThrow(InsufficientHistoryError);
    expect(() => forecastProgram(program(items, [], []))).toThrow(/no finished-work history.*alpha/);
    const explicit = forecastProgram(program([item('A1', 'alpha', { durationDays: 3 })], [], []), { trials: 10 });
    expect(explicit.percentileWorkingDays.p50).toBe(3);
    expect(explicit.lowConfidence?.reason).toContain('no history at all for alpha');
  });

  it('rejects invalid trial counts and seeds', () => {
    expect(() => forecastProgram(graph, { trials: 0 })).toThrow(RangeError);
    expect(() => forecastProgram(graph, { seed: -1 })).toThrow(RangeError);
  });
});
