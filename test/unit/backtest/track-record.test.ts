import { describe, expect, it } from 'vitest';
import type { ScoredCase } from '../../../services/backtest/backtest-score.js';
import { summarizeScores } from '../../../services/backtest/backtest-score.js';
import type { BacktestCase, BacktestReport } from '../../../services/backtest/run-backtest.js';
import { buildTrackRecord, trackRecordSentence } from '../../../services/backtest/track-record.js';

function backtestCase(target: string, asOf: string, p50: boolean, p85: boolean): BacktestCase {
  const scored: ScoredCase = {
    target,
    asOf,
    dates: { p10: asOf, p50: asOf, p85: asOf, p95: asOf },
    cdf: [{ date: asOf, probability: 1 }],
    actual: `2026-0${target.length % 9 + 1}-15`,
    p50WorkingDays: 1,
    actualWorkingDays: 1,
    errorP50: 0,
    hits: { p10: false, p50, p85, p95: p85 },
  };
  return { ...scored, scopeItems: 3, openItems: 2, borrowedHistory: [], releaseScope: null, pit: 0.5, calibratedOn: 0 };
}

const report = (cases: BacktestCase[]): BacktestReport => ({ summary: summarizeScores(cases), uncalibrated: summarizeScores(cases), targets: [], cases, skipped: [], missingHistory: [] });

describe('track record', () => {
  it('takes the halfway forecast of each release and counts the 85% dates met', () => {
    const cases = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'].flatMap((v, i) => [
      backtestCase(`version ${v}`, '2026-01-05', false, false),
      backtestCase(`version ${v}`, '2026-01-12', i % 2 === 0, i !== 3),
      backtestCase(`version ${v}`, '2026-01-19', true, true),
    ]);
    const record = buildTrackRecord(report(cases), ['CORE']);
    expect(record.releases).toBe(6);
    expect(record.past.every((p) => p.asOf === '2026-01-12')).toBe(true);
    expect(record.metP85).toBe(5);
    expect(record.forecasts).toBe(18);
    expect(trackRecordSentence(record)).toBe("Seams' 85% dates were met on 5 of 6 past releases of these teams.");
  });

  it('says when the dates are safe only because they run late', () => {
    const cases = ['1.0', '1.1', '1.2', '1.3', '1.4'].map((v) => backtestCase(`version ${v}`, '2026-01-12', true, true));
    expect(trackRecordSentence(buildTrackRecord(report(cases), ['CORE']))).toBe(
      "Seams' 85% dates were met on 5 of 5 past releases of these teams, but its dates run late: 5 of 5 finished before even the 50% date.",
    );
  });

  it('gives no number with too little history', () => {
    const cases = [backtestCase('version 1.0', '2026-01-12', true, true), backtestCase('epic CORE-7', '2026-01-12', false, false)];
    expect(trackRecordSentence(buildTrackRecord(report(cases), ['CORE']))).toBe(
      'Too little history for a track record yet: Seams could check its forecasts on 2 releases and epics of these teams (it needs 5).',
    );
  });
});
