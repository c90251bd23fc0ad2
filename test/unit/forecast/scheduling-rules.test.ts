import { describe, expect, it } from 'vitest';
import { forecastProgram } from '../../../services/forecast/monte-carlo.js';
import { AS_OF, blocks, chain, item, profile, program, repeat } from './program-fixture.js';

describe('forecastProgram: scheduling rules', () => {
  it('keeps in-progress work in its slot ahead of more urgent new work', () => {
    // alpha (1 slot): P in progress (1 of 3 days left) -> Q (beta, 3 days);
    // T new, 3 days -> R (gamma, 5 days). Least slack alone would start T first (finish 8);
    // P keeps the slot: P [0,1], T [1,4], R [4,9].
    const items = [
      item('P', 'alpha', { statusCategory: 'in_progress', startedAt: '2026-07-02T00:00:00Z' }),
      item('Q', 'beta'),
      item('T', 'alpha'),
      item('R', 'gamma'),
    ];
    const teams = [profile('alpha', repeat([3], 10)), profile('beta', repeat([3], 10)), profile('gamma', repeat([5], 10))];
    const result = forecastProgram(program(items, [blocks('P', 'Q'), blocks('T', 'R')], teams), { trials: 20 });
    expect(result.percentileWorkingDays.p50).toBe(9);
    // The chain that determined the finish: P freed the slot T waited for, T blocked R.
    expect(result.criticality.map((c) => c.key)).toEqual(['P', 'R', 'T']);
  });

  it('starts a team\'s ready items oldest first, not by the program\'s critical path', () => {
    // alpha (1 slot, 2 days an item): NEW blocks R (gamma, 5 days), OLD blocks nothing. Least
    // slack would start NEW first (finish 7); a team working its backlog starts OLD, created first:
    // OLD [0,2], NEW [2,4], R [4,9]. LATE has no creation time and comes after both.
    const items = [
      item('NEW', 'alpha', { createdAt: '2026-07-01T09:00:00Z' }),
      item('LATE', 'alpha'),
      item('OLD', 'alpha', { createdAt: '2026-06-01T09:00:00Z' }),
      item('R', 'gamma'),
    ];
    const teams = [profile('alpha', repeat([2], 10)), profile('gamma', repeat([5], 10))];
    const result = forecastProgram(program(items, [blocks('NEW', 'R')], teams), { trials: 20 });
    expect(result.percentileWorkingDays.p50).toBe(9);
    expect(result.criticality.map((c) => c.key)).toEqual(['NEW', 'OLD', 'R']);
  });

  it('skips weekends and program holidays when turning working days into dates', () => {
    const { items, links } = chain('A', 'alpha', 2);
    const graph = program(items, links, [profile('alpha', repeat([3], 10))], '2026-07-11');
    const withHoliday = { ...graph, calendar: { ...graph.calendar, holidays: ['2026-07-08'] } };
    expect(forecastProgram(graph, { trials: 10 }).p50).toBe('2026-07-13'); // 6 working days from Mon 6 Jul
    expect(forecastProgram(withHoliday, { trials: 10 }).p50).toBe('2026-07-14');
    // A Saturday target counts Friday finishes as on time.
    const fiveDays = program(chain('A', 'alpha', 1).items, [], [profile('alpha', repeat([5], 10))], '2026-07-11');
    expect(forecastProgram(fiveDays, { trials: 10 }).probabilityOnTarget).toBe(1);
  });

  it('finishes on the start date when nothing is left to do', () => {
    const done = [item('D1', 'alpha', { statusCategory: 'done' })];
    const result = forecastProgram(program(done, [], [profile('alpha', repeat([3], 10))], AS_OF), { trials: 10 });
    expect([result.p50, result.p95, result.probabilityOnTarget, result.simulatedItems]).toEqual([AS_OF, AS_OF, 1, 0]);
  });

  it('schedules a team without a profile at the typical parallelism, on pooled history, flagged', () => {
    // Profiles have WIP 2 and 4: median 3. Six ~1-day items of "newcomers" take ~2 days (the
    // pooled history is shifted by an unknown team effect, so not exactly 2).
    const items = Array.from({ length: 6 }, (_, i) => item(`N${i}`, 'newcomers'));
    const teams = [profile('alpha', repeat([1], 20), 2), profile('beta', repeat([1], 20), 4)];
    const result = forecastProgram(program(items, [], teams), { trials: 200 });
    expect(result.percentileWorkingDays.p50).toBeGreaterThan(1.4);
    expect(result.percentileWorkingDays.p50).toBeLessThan(2.9);
    expect(result.lowConfidence).toEqual({
      teams: ['newcomers'],
      reason: 'no history at all for newcomers (pooled history of all teams used instead)',
    });
  });

  it('only simulates in-scope work and what it waits for', () => {
    const items = [item('IN', 'alpha'), item('UP', 'alpha', { inScope: false }), item('OTHER', 'alpha', { inScope: false })];
    const result = forecastProgram(program(items, [blocks('UP', 'IN')], [profile('alpha', repeat([2], 10), 3)]), { trials: 10 });
    expect(result.simulatedItems).toBe(2);
    expect(result.percentileWorkingDays.p50).toBe(4);
  });

  it('runs items without a team unconstrained', () => {
    const items = Array.from({ length: 5 }, (_, i) => item(`U${i}`, null));
    const result = forecastProgram(program(items, [], [profile('alpha', repeat([2], 10), 1)]), { trials: 200 });
    // ~2 days each, all at once (one slot would take ~10); the pooled history carries an unknown
    // team effect, so not exactly 2.
    expect(result.percentileWorkingDays.p50).toBeGreaterThan(1);
    expect(result.percentileWorkingDays.p50).toBeLessThan(4);
    expect(result.lowConfidence?.reason).toContain('5 open items without a team');
  });
});
