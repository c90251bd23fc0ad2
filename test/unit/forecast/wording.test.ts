import { describe, expect, it } from 'vitest';
import {
  chancePhrase,
  confidenceCaveat,
  describeGap,
  formatDay,
  formatPercent,
  headline,
  p85GapPhrase,
  todayIn,
} from '../../../services/forecast/wording.js';
import { forecastResult } from './forecast-result-fixture.js';

describe('forecast wording', () => {
  it('formats dates en-GB, adding the year only outside the current one', () => {
    expect(formatDay('2026-07-15', '2026-06-01')).toBe('15 July');
    expect(formatDay('2027-01-04', '2026-12-20')).toBe('4 January 2027');
    expect(todayIn('Pacific/Auckland', new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01');
  });

  it('rounds percentages down and never claims certainty', () => {
    expect(formatPercent(0.62)).toBe('62%');
    expect(formatPercent(0.8499)).toBe('84%');
    expect(formatPercent(0.58)).toBe('58%');
    expect(formatPercent(1)).toBe('>99%');
    expect(formatPercent(0.001)).toBe('1%');
    expect(formatPercent(0)).toBe('<1%');
  });

  it('describes gaps in days, then weeks', () => {
    expect(describeGap('2026-08-05', '2026-07-15')).toBe('3 weeks after');
    expect(describeGap('2026-07-11', '2026-07-15')).toBe('4 days before');
    expect(describeGap('2026-07-16', '2026-07-15')).toBe('1 day after');
    expect(describeGap('2026-07-15', '2026-07-15')).toBe('on');
  });

  it('headlines the target when P(target) >= 85%', () => {
    expect(headline(forecastResult())).toBe('Tracking to 15 July at 85% confidence.');
    expect(headline(forecastResult({ probabilityOnTarget: 0.93, p85: '2026-07-10' }))).toBe('Tracking to 15 July at 93% confidence.');
  });

  it('headlines the p85 date and its gap otherwise', () => {
    const late = forecastResult({ p85: '2026-08-05', probabilityOnTarget: 0.62 });
    expect(headline(late)).toBe('Tracking to 5 August at 85% confidence, 3 weeks after the 15 July target.');
    expect(p85GapPhrase(late)).toBe('p85 is 3 weeks after the target');
    expect(chancePhrase(late)).toBe('62% chance of hitting 15 July');
    expect(headline(late, { today: '2025-11-01' })).toBe(
      'Tracking to 5 August 2026 at 85% confidence, 3 weeks after the 15 July 2026 target.',
    );
  });

  it('words a forecast without a target and flags low confidence', () => {
    const open = forecastResult({ targetDate: null, probabilityOnTarget: null, p85: '2026-09-01' });
    expect(headline(open)).toBe('Tracking to 1 September at 85% confidence.');
    expect(chancePhrase(open)).toBeNull();
    expect(p85GapPhrase(open)).toBeNull();
    expect(confidenceCaveat(open)).toBeNull();
    const sparse = forecastResult({ lowConfidence: { teams: ['mobile'], reason: 'fewer than 8 finished items in the history window for mobile' } });
    expect(confidenceCaveat(sparse)).toBe('Low confidence: fewer than 8 finished items in the history window for mobile.');
  });
});
