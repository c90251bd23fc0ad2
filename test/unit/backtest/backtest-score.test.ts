import { describe, expect, it } from 'vitest';
import { dateAtProbability, scoreCase, summarizeScores } from '../../../services/backtest/backtest-score.js';

const utc = { weekendDays: [0, 6], holidays: [], timezone: 'UTC' };
// A forecast spreading its trials evenly over the ten working days 4..15 May 2026.
const days = ['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15'];
const cdf = days.map((date, i) => ({ date, probability: (i + 1) / 10 }));
const dates = { p10: '2026-05-04', p50: '2026-05-08', p85: '2026-05-14', p95: '2026-05-15' };
const score = (actual: string) => scoreCase({ target: 'version 2.0', asOf: '2026-05-01', dates, cdf, actual }, utc);

describe('backtest scoring', () => {
  it('reads a date at a probability off the CDF', () => {
    expect(dateAtProbability(cdf, 0.1)).toBe('2026-05-04');
    expect(dateAtProbability(cdf, 0.85)).toBe('2026-05-14');
    expect(dateAtProbability(cdf, 0.95)).toBe('2026-05-15');
  });

  it('counts hits and the P50 error in working days', () => {
    const early = score('2026-05-06');
    expect(early.hits).toEqual({ p10: false, p50: true, p85: true, p95: true });
    expect(early.errorP50).toBe(2); // forecast two working days late
    expect(early.actualWorkingDays).toBe(4); // Fri 1 May .. Wed 6 May
    expect(early.p50WorkingDays).toBe(6);
    const late = score('2026-05-19');
    expect(late.hits).toEqual({ p10: false, p50: false, p85: false, p95: false });
    expect(late.errorP50).toBe(-7);
  });

  it('summarizes hit rates, errors and reliability', () => {
    const summary = summarizeScores(['2026-05-04', '2026-05-06', '2026-05-12', '2026-05-19'].map(score));
    expect(summary.cases).toBe(4);
    expect(summary.hitRates).toEqual({ p10: 0.25, p50: 0.5, p85: 0.75, p95: 0.75 });
    expect(summary.medianErrorP50).toBe(0); // errors 4, 2, -2, -7
    expect(summary.meanErrorP50).toBe(-0.7);
    expect(summary.medianAbsErrorP50).toBe(3);
    expect(summary.reliability.find((r) => r.claimed === 0.7)).toEqual({ claimed: 0.7, observed: 0.75, cases: 4 });
    expect(summarizeScores([]).hitRates).toBeNull();
  });
});
