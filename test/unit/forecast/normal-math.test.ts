import { describe, expect, it } from 'vitest';
import { chiSquareOverNu, normalAbove, normalQuantile, normalUpperTail } from '../../../services/forecast/normal-math.js';

describe('normal distribution helpers', () => {
  it('matches tabulated tail probabilities and quantiles', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 7);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 7);
    // Far tail, relative accuracy: Q(6) = 9.8659e-10.
    expect(normalUpperTail(6) / 9.8659e-10).toBeCloseTo(1, 3);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361341, 4);
  });

  it('draws above a threshold, also deep in the tail', () => {
    for (const alpha of [-1, 0, 2, 8, 40]) {
      for (const u of [0, 0.5, 0.999]) expect(normalAbove(alpha, u)).toBeGreaterThanOrEqual(alpha);
    }
    // The median of Z | Z > 0 is Φ⁻¹(0.75).
    expect(normalAbove(0, 0.5)).toBeCloseTo(0.67449, 4);
  });

  it('approximates χ²(ν)/ν by Wilson–Hilferty', () => {
    // χ²(20) median 19.337, 95th percentile 31.410.
    expect(chiSquareOverNu(20, 0) * 20).toBeCloseTo(19.337, 1);
    expect(chiSquareOverNu(20, 1.644854) * 20).toBeCloseTo(31.41, 0);
    expect(chiSquareOverNu(1, -10)).toBeGreaterThan(0);
  });
});
