import { describe, expect, it } from 'vitest';
import {
  basisSentence,
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

  it('headlines both numbers plainly, rounded the same way', () => {
    expect(headline(forecastResult())).toBe('85% likely by the 15 July target.');
    expect(headline(forecastResult({ probabilityOnTarget: 0.978, p85: '2026-07-10' }))).toBe(
      '97% likely by the 15 July target; 85% likely by 10 July.',
    );
  });

  it('names the p85 date when the target is at risk', () => {
    const late = forecastResult({ p85: '2026-08-05', probabilityOnTarget: 0.62 });
    expect(headline(late)).toBe('62% likely by the 15 July target; 85% likely by 5 August.');
    expect(p85GapPhrase(late)).toBe('p85 is 3 weeks after the target');
    expect(chancePhrase(late)).toBe('62% chance of hitting 15 July');
    expect(headline(late, { today: '2025-11-01' })).toBe('62% likely by the 15 July 2026 target; 85% likely by 5 August 2026.');
  });

  it('words a forecast without a target, flags low confidence and says what it rests on', () => {
    const open = forecastResult({ targetDate: null, probabilityOnTarget: null, p85: '2026-09-01' });
    expect(headline(open)).toBe('85% likely by 1 September.');
    expect(chancePhrase(open)).toBeNull();
    expect(p85GapPhrase(open)).toBeNull();
    expect(confidenceCaveat(open)).toBeNull();
    const sparse = forecastResult({ lowConfidence: { teams: ['mobile'], reason: 'fewer than 8 finished items in the history window for mobile' } });
    expect(confidenceCaveat(sparse)).toBe('Low confidence: fewer than 8 finished items in the history window for mobile.');
    expect(basisSentence(open)).toBeNull();
    const team = (name: string, finishedItems: number, weeks: number | null) => ({ team: name, finishedItems, weeks, borrowed: false });
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 12, 6), team('b', 40, 26)] } }))).toBe(
      'Based on 12–40 finished items of history per team over 6–26 weeks.',
    );
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 30, null)] } }))).toBe('Based on 30 finished items of history for the one team.');
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 30, null)] }, calibratedOn: 12 }))).toBe(
      'Based on 30 finished items of history for the one team, probabilities recalibrated on 12 past forecasts of these teams whose outcome is known.',
    );
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 9, 4), team('b', 12, 5)] }, historyCorrection: 0.9234 }))).toBe(
      'Based on 9–12 finished items of history per team over 4–5 weeks. Dates moved 8% earlier: the uncertainty in these histories otherwise pushes dates later than they turn out.',
    );
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 30, null)] }, historyCorrection: 0.998 }))).toBe('Based on 30 finished items of history for the one team.');
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 30, null)] }, historyCorrection: 1.031 }))).toBe(
      'Based on 30 finished items of history for the one team. Dates moved 3% later: taken at face value, these histories make dates earlier than they turn out.',
    );
    expect(basisSentence(forecastResult({ basis: { teams: [team('a', 30, null)] }, scopeKept: 0.44 }))).toBe(
      'Based on 30 finished items of history for the one team. As a release it is forecast to ship when 44% of its open work is done, the share the team\'s earlier releases shipped (the rest moved out).',
    );
  });
});
