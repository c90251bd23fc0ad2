import { describe, expect, it } from 'vitest';
import { summarizeFinishes } from '../../../services/forecast/forecast-summary.js';
import { createRecalibration, finishPit, recalibrateCdf } from '../../../services/forecast/recalibration.js';
import { DEFAULT_CALENDAR } from '../../../services/graph/work-calendar.js';

const cdf = [
  { date: '2026-03-02', probability: 0.2 },
  { date: '2026-03-04', probability: 0.6 },
  { date: '2026-03-09', probability: 1 },
];

describe('finishPit', () => {
  it('is the midpoint between finishing before the real day and finishing on it', () => {
    expect(finishPit(cdf, '2026-03-01')).toBe(0);
    expect(finishPit(cdf, '2026-03-02')).toBeCloseTo(0.1);
    expect(finishPit(cdf, '2026-03-03')).toBeCloseTo(0.2);
    expect(finishPit(cdf, '2026-03-04')).toBeCloseTo(0.4);
    expect(finishPit(cdf, '2026-04-01')).toBe(1);
  });
});

describe('createRecalibration', () => {
  it('is the identity without a track record', () => {
    const r = createRecalibration([]);
    for (const p of [0.1, 0.5, 0.85]) {
      expect(r.probability(p)).toBeCloseTo(p);
      expect(r.level(p)).toBeCloseTo(p, 6);
    }
  });

  it('moves the dates earlier when past finishes came before the raw dates, shrunk by the prior', () => {
    // 20 past forecasts, every real finish before the raw 10% date: the forecast runs late.
    const r = createRecalibration(new Array(20).fill(0.05), 20);
    expect(r.probability(0.5)).toBeCloseTo((20 + 20 * 0.5) / 40);
    expect(r.level(0.5)).toBeLessThan(0.1);
    expect(r.level(0.95)).toBeLessThan(0.95);
    expect(r.forecasts).toBe(20);
  });

  it('widens a forecast whose finishes fell outside its range on both sides', () => {
    const r = createRecalibration([...new Array(50).fill(0), ...new Array(50).fill(1)]);
    expect(r.level(0.1)).toBeLessThan(1e-6);
    expect(r.level(0.85)).toBeGreaterThan(0.999);
    expect(r.probability(0.5)).toBeCloseTo((50 + 20 * 0.5) / 120);
  });

  it('is monotone and rejects values outside [0, 1]', () => {
    const r = createRecalibration([0.3, 0.31, 0.9, 0.2, 0.7]);
    let last = 0;
    for (let p = 0; p <= 1; p += 0.01) {
      expect(r.probability(p)).toBeGreaterThanOrEqual(last);
      last = r.probability(p);
    }
    expect(() => createRecalibration([1.2])).toThrow(/PIT value must be in \[0, 1\], got 1.2/);
    expect(recalibrateCdf(cdf, r).at(-1)!.probability).toBe(1);
  });
});

describe('summarizeFinishes with a recalibration', () => {
  it('reads each percentile at the raw level that carries it and maps every probability', () => {
    const finishes = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    const raw = summarizeFinishes(Float64Array.from(finishes), DEFAULT_CALENDAR, '2026-03-02', '2026-04-10');
    const late = createRecalibration(new Array(40).fill(0.05));
    const fixed = summarizeFinishes(Float64Array.from(finishes), DEFAULT_CALENDAR, '2026-03-02', '2026-04-10', late);
    expect(fixed.p50 < raw.p50).toBe(true);
    expect(fixed.percentileWorkingDays.p50).toBe(Math.ceil(late.level(0.5) * 100 - 1e-9));
    expect(fixed.probabilityOnTarget!).toBeGreaterThan(raw.probabilityOnTarget!);
    expect(fixed.cdf.at(-1)!.probability).toBe(1);
    const total = fixed.histogram.reduce((sum, bin) => sum + bin.probability, 0);
    expect(total).toBeCloseTo(1, 2);
  });
});
