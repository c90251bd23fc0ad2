import { describe, expect, it } from 'vitest';
import { InsufficientHistoryError } from '../../../services/forecast/forecast-errors.js';
import { MAX_ITEM_DAYS, forecastProgram } from '../../../services/forecast/monte-carlo.js';
import { blocks, chain, item, profile, program, repeat } from './program-fixture.js';

describe('forecastProgram: analytically checkable cases', () => {
  it('a chain with a constant team distribution finishes on an exact date', () => {
    const { items, links } = chain('A', 'alpha', 3);
    const result = forecastProgram(program(items, links, [profile('alpha', repeat([2], 20))], '2026-07-13'), { trials: 500 });
    // 3 × 2 working days from Monday 6 July: Mon..Fri, Mon 13.
    expect([result.p50, result.p85, result.p95]).toEqual(['2026-07-13', '2026-07-13', '2026-07-13']);
    expect(result.percentileWorkingDays).toEqual({ p50: 6, p85: 6, p95: 6 });
    expect(result.probabilityOnTarget).toBe(1);
    expect(result.histogram).toEqual([{ date: '2026-07-13', trials: 500, probability: 1 }]);
    expect(result.criticality.map((c) => [c.key, c.index])).toEqual([['A1', 1], ['A2', 1], ['A3', 1]]);
    expect(result.lowConfidence).toBeNull();
    expect(forecastProgram(program(items, links, [profile('alpha', repeat([2], 20))], '2026-07-10')).probabilityOnTarget).toBe(0);
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

  it('draws estimated items from days per point, never scaling a size-laden cycle time again', () => {
    // History: 1-, 2-, 4- and 8-point items took exactly 1.5 days per point (cycle times 1.5..12).
    const history = { ...profile('alpha', repeat([1.5, 3, 6, 12], 5)), estimates: repeat([1, 2, 4, 8], 5) };
    const items = [item('BIG', 'alpha', { estimate: 8 }), item('SMALL', 'alpha', { estimate: 1 })];
    const result = forecastProgram(program(items, [blocks('BIG', 'SMALL')], [history]), { trials: 200 });
    // 8 × 1.5 + 1 × 1.5 = 13.5 days. Scaling a sampled cycle time (median 4.5) by 8 × 1.5 / 4.5
    // as well, as before, spreads the 8-pointer over 4..32 days.
    expect(result.percentileWorkingDays).toEqual({ p50: 13.5, p85: 13.5, p95: 13.5 });
    // An item without an estimate draws the team's cycle times as they are.
    const plain = forecastProgram(program([item('U', 'alpha')], [], [history]), { trials: 2_000 });
    expect(plain.percentileWorkingDays.p50).toBeGreaterThan(2);
    expect(plain.percentileWorkingDays.p50).toBeLessThan(8);
  });

  it('samples in-progress items conditional on their elapsed working time', () => {
    // Started at the start of Thursday 2 July: Thu and Fri elapsed, so 1 of 3 days remains.
    const started = item('P', 'alpha', { statusCategory: 'in_progress', startedAt: '2026-07-02T00:00:00.000Z' });
    const r1 = forecastProgram(program([started], [], [profile('alpha', repeat([3], 20))]), { trials: 50 });
    expect(r1.percentileWorkingDays.p50).toBe(1);
    expect(r1.agedItems).toEqual([]);
  });

  it('treats an item older than all history as the riskiest work, not as done today', () => {
    // History says 1..10 days; the item has been in progress for 30 working days.
    const history = [profile('alpha', [1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10], 1)];
    const old = item('OLD', 'alpha', { statusCategory: 'in_progress', startedAt: '2026-05-25T00:00:00.000Z' });
    const result = forecastProgram(program([old], [], history, '2026-07-07'), { trials: 4_000 });
    // Before, the remaining time was floored at half a day: done today, 100% by the 7th.
    expect(result.probabilityOnTarget!).toBeLessThan(0.5);
    expect(result.percentileWorkingDays.p50).toBeGreaterThan(2);
    expect(result.percentileWorkingDays.p95).toBeGreaterThan(result.percentileWorkingDays.p50 * 1.5);
    expect(result.agedItems).toEqual([{ itemId: 'OLD', key: 'OLD', team: 'alpha', elapsedDays: 30, beyondHistory: true }]);
    expect(result.lowConfidence?.reason).toContain('OLD in progress longer than any finished item of its team');
  });

  it('widens the dates when the history is thin, and says so', () => {
    const shape = [1, 2, 2, 3, 3, 4, 5, 6, 8, 12];
    const { items, links } = chain('A', 'alpha', 4);
    const thin = forecastProgram(program(items, links, [profile('alpha', shape, 1)]), { trials: 4_000 });
    const rich = forecastProgram(program(items, links, [profile('alpha', repeat(shape, 10), 1)]), { trials: 4_000 });
    const width = (r: typeof thin) => r.percentileWorkingDays.p95 / r.percentileWorkingDays.p50;
    expect(width(thin)).toBeGreaterThan(width(rich) * 1.05);
    expect(thin.lowConfidence?.reason).toContain('fewer than 20 finished items of history for alpha (10): dates widened');
    expect(rich.lowConfidence).toBeNull();
    expect(thin.basis).toEqual({ teams: [{ team: 'alpha', finishedItems: 10, weeks: null, borrowed: false }] });
  });

  it('runs a team at the capacity its throughput supports, times its share for the program', () => {
    // 1 day per item at 2 items a day: Little's law says 2 in parallel, whatever the observed WIP.
    const team = { ...profile('alpha', repeat([1], 30), 1), throughputPerDay: 2, capacity: 2 };
    const items = Array.from({ length: 8 }, (_, i) => item(`I${i}`, 'alpha'));
    // 200 trials: the thin-history correction reads quartiles of its trials, noisy with 50.
    expect(forecastProgram(program(items, [], [team]), { trials: 200 }).percentileWorkingDays.p50).toBeCloseTo(4, 0);
    const half = forecastProgram(program(items, [], [team]), { trials: 200, capacityShare: { alpha: 0.5 } });
    expect(half.percentileWorkingDays.p50).toBeCloseTo(8, 0);
    expect(() => forecastProgram(program(items, [], [team]), { capacityShare: { alpha: 1.5 } })).toThrow(/capacity share of alpha/);
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
    const result = forecastProgram(program(items, links, [profile('alpha', repeat([2], 20)), profile('beta', repeat([3], 20))]), { trials: 50 });
    expect(result.simulatedItems).toBe(3);
    expect(result.percentileWorkingDays.p50).toBe(3);
  });
});

describe('forecastProgram: lead-time history and releases that cut scope', () => {
  it('conditions a not-started item on its age when the team history runs from creation', () => {
    // Every finished item took exactly 10 working days from creation; this one is 8 days old.
    const old = item('BUG', 'alpha', { createdAt: '2026-06-24T00:00:00.000Z' });
    const leadTime = { ...profile('alpha', repeat([10], 20)), leadTimeShare: 1 };
    expect(forecastProgram(program([old], [], [leadTime]), { trials: 50 }).percentileWorkingDays.p50).toBe(2);
    // The same history measured from the start of work: the item has not started, all 10 remain.
    const cycleTime = { ...leadTime, leadTimeShare: 0 };
    expect(forecastProgram(program([old], [], [cycleTime]), { trials: 50 }).percentileWorkingDays.p50).toBe(10);
  });

  it('caps one item at MAX_ITEM_DAYS instead of scheduling astronomically long work', () => {
    // A heavy-tailed thin history once drew ~1e11 days and hung the tick-indexed scheduler.
    const team = [profile('alpha', [0.2, 1e9, 3, 1e12, 40, 5e10, 2, 7e9], 1)];
    const result = forecastProgram(program([item('X', 'alpha'), item('Y', 'alpha')], [], team), { trials: 200 });
    expect(result.percentileWorkingDays.p95).toBeLessThanOrEqual(2 * MAX_ITEM_DAYS);
  });

  it('finishes a release that keeps part of its scope when that share is done', () => {
    const items = ['I1', 'I2', 'I3', 'I4'].map((id) => item(id, 'alpha'));
    const team = [profile('alpha', repeat([1], 10), 1)];
    expect(forecastProgram(program(items, [], team), { trials: 50 }).percentileWorkingDays.p50).toBe(4);
    expect(forecastProgram(program(items, [], team), { trials: 50, scopeKept: 0.5 }).percentileWorkingDays.p50).toBe(2);
    // ceil(0.3 × 4) = 2 items still have to finish.
    expect(forecastProgram(program(items, [], team), { trials: 50, scopeKept: 0.3 }).percentileWorkingDays.p50).toBe(2);
    expect(() => forecastProgram(program(items, [], team), { scopeKept: 0 })).toThrow(/scopeKept must be in \(0, 1\], got 0/);
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
    // p85 is ~45 working days. The thin-history correction, itself estimated, adds ~1% of seed
    // noise, and every posterior draw shares one table shape per seed (so the correction compares
    // parameters, not two tables' sampling noise): up to 2 days apart.
    expect(Math.abs(x.percentileWorkingDays.p85 - y.percentileWorkingDays.p85)).toBeLessThanOrEqual(2);
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
    const teams = [profile('rich', repeat([4], 20), 2), profile('sparse', [1, 1, 1])];
    const result = forecastProgram(program(items, [], teams), { trials: 400 });
    expect(result.lowConfidence?.teams).toEqual(['sparse']);
    expect(result.lowConfidence?.reason).toContain('fewer than 8 finished items in the history window for sparse (pooled history of all teams used instead)');
    // Pooled: 20 × 4 and 3 × 1, shifted by an unknown team effect: wider than either team.
    expect(result.percentileWorkingDays.p95).toBeGreaterThan(4);
    const ok = forecastProgram(program(items, [], [profile('rich', repeat([4], 20), 2), profile('sparse', repeat([1], 20))]), { trials: 200, minFinishedItems: 3 });
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

describe('forecastProgram: thin-history correction', () => {
  // Four teams with ten spread-out finished items each, four parallel chains: the program ends
  // with whichever team is slowest, so uncertainty about each team alone makes it look later.
  const spread = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 11];
  const names = ['alpha', 'beta', 'gamma', 'delta'];
  const chains = names.map((team) => chain(team.toUpperCase(), team, 5));
  const graph = (teams: ReturnType<typeof profile>[]) =>
    program(chains.flatMap((c) => c.items), chains.flatMap((c) => c.links), teams);

  it('takes the lateness that thin histories add back out, keeping their width', () => {
    const thin = graph(names.map((team) => profile(team, spread)));
    const corrected = forecastProgram(thin);
    const point = forecastProgram(thin, { posteriorDraws: 1 });
    expect(point.historyCorrection).toBeUndefined();
    expect(corrected.historyCorrection).toBeGreaterThanOrEqual(0.8);
    expect(corrected.historyCorrection).toBeLessThan(0.97);
    // Centred below the point estimate (which carries the same lateness), wider than it.
    expect(corrected.percentileWorkingDays.p50).toBeLessThan(point.percentileWorkingDays.p50);
    const width = (f: typeof point) => f.percentileWorkingDays.p95 / f.percentileWorkingDays.p50;
    expect(width(corrected)).toBeGreaterThan(width(point));
  });

  it('shrinks as history grows and is absent when history leaves nothing uncertain', () => {
    const rich = forecastProgram(graph(names.map((team) => profile(team, repeat(spread, 40)))));
    const thin = forecastProgram(graph(names.map((team) => profile(team, spread))));
    expect(rich.historyCorrection ?? 1).toBeGreaterThan(thin.historyCorrection!);
    expect(rich.historyCorrection ?? 1).toBeGreaterThan(0.97);
    const exact = forecastProgram(graph(names.map((team) => profile(team, repeat([3], 10)))));
    expect(exact.historyCorrection).toBeUndefined();
  });
});
