import { describe, expect, it } from 'vitest';
import type { BacktestHistory, BacktestTarget } from '../../../services/backtest/backtest-types.js';
import { runBacktest, type BacktestOptions } from '../../../services/backtest/run-backtest.js';
import { handBuiltHistory, item } from './backtest-fixture.js';

const options: BacktestOptions = {
  calendar: { weekendDays: [0, 6], holidays: [], timezone: 'UTC' },
  schedule: { everyDays: 7, since: '2026-04-14' },
  dataEnd: '2026-06-30',
  historyWeeks: 26,
  trials: 2000,
  seed: 7,
  minFinishedItems: 8,
};
const version2: BacktestTarget = { kind: 'version', name: '2.0', releaseDate: '2026-04-30' };
const forecastsOf = (history: BacktestHistory, target = version2) =>
  runBacktest(history, [target], options).cases.map(({ asOf, dates, cdf, scopeItems, openItems }) => ({ asOf, dates, cdf, scopeItems, openItems }));

describe('runBacktest', () => {
  it('replays a hand-built release with a known answer', () => {
    const report = runBacktest(handBuiltHistory(), [version2], options);
    expect(report.cases.map((c) => [c.asOf, c.scopeItems, c.openItems, c.actual, c.actualWorkingDays])).toEqual([
      // 14 Apr: CORE-20 done, CORE-21 in progress, CORE-22 to do, CORE-23 joined the day before.
      ['2026-04-14', 4, 3, '2026-04-30', 13],
      // CORE-23 was moved out on 20 Apr; CORE-21 is done, CORE-22 in progress.
      ['2026-04-21', 3, 1, '2026-04-30', 8],
      ['2026-04-28', 3, 1, '2026-04-30', 3],
    ]);
    const first = report.cases[0]!;
    // Three open items, every past item took a working week, one at a time: about three weeks out.
    expect(first.p50WorkingDays).toBeGreaterThanOrEqual(8);
    expect(first.p50WorkingDays).toBeLessThanOrEqual(16);
    expect(report.targets).toEqual([expect.objectContaining({ target: 'version 2.0', actual: '2026-04-30' })]);
    expect(report.summary.cases).toBe(3);
    expect(report.skipped).toEqual([]);
  });

  it('scores a release that shipped two months late as missed at every percentile', () => {
    const late: BacktestTarget = { kind: 'version', name: '2.0', releaseDate: '2026-06-30' };
    const report = runBacktest(handBuiltHistory(), [late], { ...options, schedule: { fractions: [0.2] } });
    expect(report.cases).toHaveLength(1);
    const only = report.cases[0]!;
    expect(only.hits).toEqual({ p10: false, p50: false, p85: false, p95: false });
    expect(only.errorP50).toBeLessThan(-20);
    expect(report.summary.hitRates).toEqual({ p10: 0, p50: 0, p85: 0, p95: 0 });
    expect(report.summary.reliability.every((r) => r.observed === 0)).toBe(true);
  });

  it('gives the same forecasts when only data after the last as-of date changes (no leakage)', () => {
    const base = handBuiltHistory();
    const after = new Date('2026-04-29T12:00:00Z');
    const changed: BacktestHistory = {
      ...base,
      items: [
        ...base.items.map((i) =>
          i.key === 'CORE-22'
            ? {
                ...i,
                estimate: 13,
                statusChanges: [...i.statusChanges.slice(0, -1), { at: new Date('2026-06-02T10:00:00Z'), toStatus: 'Done', toCategory: 'done' as const }],
                completedAt: new Date('2026-06-02T10:00:00Z'),
                fieldChanges: [...i.fieldChanges, { at: after, field: 'estimate' as const, from: '5', to: '13' }],
              }
            : i,
        ),
        item('CORE-30', '2026-04-29T09:00:00Z', [['2026-05-04T09:00:00Z', 'in_progress']], { fixVersions: ['2.0'] }),
      ],
      links: [...base.links, { from: 'jira:CORE-30', to: 'jira:CORE-22', kind: 'blocks', addedAt: after }],
    };
    expect(forecastsOf(changed)).toEqual(forecastsOf(base));

    // The control: the same kind of change before the as-of dates does move the forecast.
    const earlierStart = { at: new Date('2026-04-08T09:00:00Z'), toStatus: 'In Progress', toCategory: 'in_progress' as const };
    const past: BacktestHistory = { ...base, items: base.items.map((i) => (i.key === 'CORE-21' ? { ...i, statusChanges: [earlierStart, ...i.statusChanges.slice(1)] } : i)) };
    expect(forecastsOf(past)).not.toEqual(forecastsOf(base));
  });

  it('recalibrates a forecast only by outcomes known before its as-of date', () => {
    const version1: BacktestTarget = { kind: 'version', name: '1.0', releaseDate: '2026-03-27' };
    const report = runBacktest(handBuiltHistory(), [version1, version2], { ...options, schedule: { fractions: [0.5, 0.9] } });
    for (const c of report.cases) {
      const known = report.cases.filter((o) => o.actual < c.asOf).length;
      expect(c.calibratedOn, `${c.target} on ${c.asOf}`).toBe(known);
      expect(c.pit).toBeGreaterThanOrEqual(0);
      expect(c.pit).toBeLessThanOrEqual(1);
    }
    expect(report.cases.some((c) => c.calibratedOn > 0)).toBe(true);
    expect(report.uncalibrated.cases).toBe(report.summary.cases);
  });

  it('measures an undated target by the finish of the items open at the as-of date', () => {
    const undated: BacktestTarget = { kind: 'version', name: '2.0', releaseDate: null };
    const report = runBacktest(handBuiltHistory(), [undated], options);
    expect(report.cases.map((c) => c.actual)).toEqual(['2026-04-29', '2026-04-29', '2026-04-29']);
  });

  it('reports targets it cannot score instead of guessing', () => {
    const history = handBuiltHistory();
    const open: BacktestHistory = { ...history, items: [...history.items, item('CORE-40', '2026-04-01T09:00:00Z', [], { fixVersions: ['4.0'] })] };
    const report = runBacktest(open, [{ kind: 'version', name: '4.0', releaseDate: null }, { kind: 'version', name: '9.9', releaseDate: '2026-05-01' }], options, new Set(['CORE-40']));
    expect(report.cases).toEqual([]);
    expect(report.skipped.map((s) => s.reason)).toContain('the items open at the as-of date were all moved out, or some are still open at the end of the data');
    expect(report.skipped).toContainEqual({ target: 'version 9.9', asOf: null, reason: 'no item was ever in it' });
    expect(report.missingHistory).toEqual(['CORE-40']);
  });
});
