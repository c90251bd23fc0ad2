import { describe, expect, it } from 'vitest';
import { ForecastInputError } from '../../../services/forecast/forecast-errors.js';
import { runOfflineForecast } from '../../../services/forecast/offline-forecast.js';

// Hand-written files, as a user would pass them to `seams forecast`: optional fields omitted.
const graph = {
  version: 1,
  program: 'Checkout',
  asOf: '2026-07-06',
  targetDate: '2026-07-10',
  calendar: { weekendDays: [0, 6], holidays: [], timezone: 'UTC' },
  items: [
    { id: 'jira:1', key: 'PAY-1', team: 'payments', statusCategory: 'todo' },
    { id: 'jira:2', key: 'PAY-2', team: 'payments', statusCategory: 'todo' },
    { id: 'jira:3', key: 'PAY-3', team: 'payments', statusCategory: 'done' },
  ],
  links: [{ from: 'jira:1', to: 'jira:2', kind: 'blocks' }],
};

/** Working day k from Monday 6 July (negative: before), at midnight UTC. */
function workingDay(k: number): string {
  const week = Math.floor(k / 5);
  return new Date(Date.parse('2026-07-06T00:00:00Z') + (week * 7 + (k - week * 5)) * 86_400_000).toISOString();
}

/** One person finishing a 2-day, 2-point item every two working days, up to Friday 3 July. */
const history = {
  finished: Array.from({ length: 20 }, (_, i) => ({
    team: 'payments',
    startedAt: workingDay(-3 - 2 * i),
    finishedAt: workingDay(-1 - 2 * i),
    estimate: 2,
  })),
};

describe('runOfflineForecast', () => {
  it('forecasts from the files and returns plain JSON', () => {
    const out = runOfflineForecast(graph, history, { trials: 500, seed: 9 });
    // Two 2-day items in a chain from Monday 6 July: about Thursday 9 July (the team's
    // throughput, known from 20 items, may be a little faster or slower).
    expect(['2026-07-09', '2026-07-10']).toContain(out.p50);
    expect(out.p95 <= '2026-07-13').toBe(true);
    expect(out.probabilityOnTarget!).toBeGreaterThan(0.85);
    // P85 falls on the target day itself: the headline says it once.
    expect(out.p85).toBe(out.targetDate);
    expect(out.headline).toMatch(/^(8[5-9]|9\d)% likely by the 10 July target\.$/);
    expect(out.criticalItems.map((c) => [c.key, c.index])).toEqual([['PAY-1', 1], ['PAY-2', 1]]);
    expect(out.teams).toEqual([{ team: 'payments', finishedItems: 20, medianCycleTimeDays: 2, wipLimit: 1 }]);
    expect(out.lowConfidence).toBeNull();
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('takes target, trials and seed from the options', () => {
    const out = runOfflineForecast(graph, history, { target: '2026-07-08', trials: 100, seed: 3 });
    expect([out.targetDate, out.trials, out.seed]).toEqual(['2026-07-08', 100, 3]);
    expect(out.probabilityOnTarget!).toBeLessThan(0.15);
    expect(out.headline).toMatch(/^\d+% likely by the 8 July target; 85% likely by 10 July\.$/);
  });

  it('flags sparse history', () => {
    const out = runOfflineForecast(graph, { finished: history.finished.slice(0, 3) }, { trials: 100 });
    expect(out.lowConfidence?.teams).toEqual(['payments']);
  });

  it('takes the history window in weeks', () => {
    // Four weeks hold the last ten items: fewer than 20, so dates widen and say so.
    const out = runOfflineForecast(graph, history, { trials: 200, weeks: 4 });
    expect(out.teams[0]?.finishedItems).toBe(10);
    expect(out.lowConfidence?.reason).toContain('fewer than 20 finished items of history for payments (10)');
    expect(out.basis).toBe('Based on 10 finished items of history for the one team over 4 weeks. Dates moved 1% later: taken at face value, these histories make dates earlier than they turn out.');
  });

  it('uses the profiles in the graph without a history file', () => {
    const withTeams = { ...graph, teams: [{ team: 'payments', cycleTimes: [3, 3, 3, 3, 3, 3, 3, 3], daysPerPoint: null, wipLimit: 1 }] };
    expect(runOfflineForecast(withTeams, undefined, { trials: 50 }).p50).toBe('2026-07-13');
  });

  it('names the bad path in the graph', () => {
    const bad = { ...graph, items: [graph.items[0], { ...graph.items[1], statusCategory: 'doing' }] };
    const error = catchError(() => runOfflineForecast(bad, history));
    expect(error).toBeInstanceOf(ForecastInputError);
    expect(error).toMatchObject({ file: 'graph', path: 'items[1].statusCategory' });
    expect(error.message).toMatch(/^invalid graph file: items\[1\]\.statusCategory: /);
  });

  it('uses the graph format of `seams analyze`, dangling links included', () => {
    const dangling = { ...graph, links: [{ from: 'jira:1', to: 'jira:404', kind: 'blocks' }] };
    expect(catchError(() => runOfflineForecast(dangling, history))).toMatchObject({ file: 'graph', path: 'links[0].to' });
  });

  it('names the bad path in the history and the options', () => {
    const bad = { finished: [{ ...history.finished[0], finishedAt: 'yesterday' }] };
    expect(catchError(() => runOfflineForecast(graph, bad))).toMatchObject({ file: 'history', path: 'finished[0].finishedAt' });
    expect(catchError(() => runOfflineForecast(graph, { rows: [] }))).toMatchObject({ file: 'history', path: 'finished' });
    expect(catchError(() => runOfflineForecast({ ...graph, asOf: '6/7/2026' }, history))).toMatchObject({ path: 'asOf' });
    expect(catchError(() => runOfflineForecast(graph, history, { target: 'next week' }))).toMatchObject({ file: 'options', path: 'target' });
    expect(catchError(() => runOfflineForecast(graph, history, { trials: 1.5 }))).toMatchObject({ file: 'options', path: 'trials' });
    expect(catchError(() => runOfflineForecast(graph, history, { weeks: 0 }))).toMatchObject({ file: 'options', path: 'weeks' });
  });
});

function catchError(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected an error');
}
