import { describe, expect, it } from 'vitest';
import { alertAllowed, alertReasons, type RebuildChange } from '../../../services/alerts/alert-rules.js';

const change = (over: Partial<RebuildChange> = {}): RebuildChange => ({
  colour: { from: 'yellow', to: 'yellow' },
  confidence: { from: 0.75, to: 0.72 },
  p85: { from: '2027-03-01', to: '2027-03-08', movedDays: 5 },
  ...over,
});

describe('alert rules', () => {
  it('P85 moved by at least N working days, either way', () => {
    expect(alertReasons({ p85MovedDays: 5 }, change())).toEqual(['P85 moved later by 5 working days (2027-03-01 → 2027-03-08)']);
    expect(alertReasons({ p85MovedDays: 6 }, change())).toEqual([]);
    expect(alertReasons({ p85MovedDays: 3 }, change({ p85: { from: '2027-03-08', to: '2027-03-01', movedDays: -5 } }))[0]).toContain('earlier by 5');
  });

  it('colour changed, and only when there was a colour before', () => {
    expect(alertReasons({ colourChange: true }, change({ colour: { from: 'yellow', to: 'red' } }))).toEqual(['status changed from yellow to red']);
    expect(alertReasons({ colourChange: true }, change({ colour: { from: null, to: 'red' } }))).toEqual([]);
    expect(alertReasons({ colourChange: true }, change())).toEqual([]);
  });

  it('confidence crossing the line downwards, not staying below it', () => {
    expect(alertReasons({ confidenceBelow: 0.74 }, change())).toEqual(['confidence fell below 74% (75% → 72%)']);
    expect(alertReasons({ confidenceBelow: 0.8 }, change())).toEqual([]);
  });

  it('at most one a day, unless the program has just turned Red', () => {
    const now = new Date('2027-03-02T12:00:00Z');
    expect(alertAllowed(null, now, change())).toBe(true);
    expect(alertAllowed(new Date('2027-03-02T08:00:00Z'), now, change())).toBe(false);
    expect(alertAllowed(new Date('2027-03-01T11:00:00Z'), now, change())).toBe(true);
    expect(alertAllowed(new Date('2027-03-02T08:00:00Z'), now, change({ colour: { from: 'yellow', to: 'red' } }))).toBe(true);
    expect(alertAllowed(new Date('2027-03-02T08:00:00Z'), now, change({ colour: { from: 'red', to: 'red' } }))).toBe(false);
  });
});
