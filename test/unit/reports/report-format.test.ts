import { describe, expect, it } from 'vitest';
import {
  absoluteUrl,
  countWord,
  formatAge,
  formatDate,
  formatDateTime,
  formatDay,
  formatPercent,
  formatPointsDelta,
  lowerFirst,
  pluralize,
  safeHttpUrl,
} from '../../../services/reports/report-format.js';
import { dateConfidencePhrase } from '../../../services/reports/date-confidence-phrase.js';
import { CURRENT_FORECAST } from '../../fixtures/reports/program-report-inputs.js';

describe('report formatting', () => {
  it('formats calendar dates for sentences and tables', () => {
    expect(formatDay('2027-07-15')).toBe('15 July');
    expect(formatDay('2027-06-01')).toBe('1 June');
    expect(formatDate('2027-07-15')).toBe('15 Jul 2027');
    expect(() => formatDay('15/07/2027')).toThrow(RangeError);
  });

  it('formats instants in the program timezone, not the server timezone', () => {
    // 23:30 UTC on 31 May is already 1 June in Berlin (CEST, UTC+2) and still 31 May in New York.
    expect(formatDateTime('2027-05-31T23:30:00.000Z', 'Europe/Berlin')).toBe('1 Jun 2027, 01:30 CEST');
    expect(formatDateTime('2027-05-31T23:30:00.000Z', 'America/New_York')).toBe('31 May 2027, 19:30 GMT-4');
  });

  it('formats percentages, deltas, plurals and counts', () => {
    expect(formatPercent(0.853)).toBe('85%');
    // One rounding with the forecast's sentences: down, so a table never says 98% beside '97% likely'.
    expect(formatPercent(0.978)).toBe('97%');
    expect(formatPercent(1)).toBe('>99%');
    expect(formatPercent(null)).toBe('n/a');
    expect(formatPointsDelta(-14)).toBe('−14 pts');
    expect(formatPointsDelta(3)).toBe('+3 pts');
    expect(pluralize(1, 'day')).toBe('1 day');
    expect(pluralize(0, 'day')).toBe('0 days');
    expect(pluralize(2, 'entry', 'entries')).toBe('2 entries');
    expect(countWord(2, true)).toBe('Two');
    expect(countWord(12)).toBe('12');
  });

  it('picks a readable unit for ages', () => {
    expect(formatAge(45 * 60_000)).toBe('45 min');
    expect(formatAge(3 * 3_600_000 + 5 * 60_000)).toBe('3 h');
    expect(formatAge(50 * 3_600_000)).toBe('2 d');
  });

  it('lets only http(s) URLs become links', () => {
    expect(safeHttpUrl('https://acme.atlassian.net/browse/PAY-1')).toBe('https://acme.atlassian.net/browse/PAY-1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(absoluteUrl('https://seams.example.com/', '/programs/x')).toBe('https://seams.example.com/programs/x');
  });

  it('lower-cases a title inside a sentence but not an acronym', () => {
    expect(lowerFirst('Cut gift cards')).toBe('cut gift cards');
    expect(lowerFirst('API rollout')).toBe('API rollout');
  });
});

describe('dateConfidencePhrase', () => {
  const base = { targetDate: '2027-07-15', cpmFinishDate: '2027-07-14', today: '2027-05-24' };

  it('says the chance of the target and the 85% date, rounded the one way the forecast rounds', () => {
    const forecast = { ...CURRENT_FORECAST, probabilityOnTarget: 0.978 };
    expect(dateConfidencePhrase({ ...base, forecast })).toBe('97% likely by the 15 July target; 85% likely by 19 July.');
  });

  it('adds the year to dates outside the current one', () => {
    expect(dateConfidencePhrase({ ...base, forecast: CURRENT_FORECAST })).toBe('72% likely by the 15 July target; 85% likely by 19 July.');
    expect(dateConfidencePhrase({ ...base, today: '2026-12-01', forecast: CURRENT_FORECAST })).toBe(
      '72% likely by the 15 July 2027 target; 85% likely by 19 July 2027.',
    );
  });

  it('falls back to the p85 date without a target, and to CPM without a forecast', () => {
    const forecast = { ...CURRENT_FORECAST, targetDate: null, probabilityOnTarget: null };
    expect(dateConfidencePhrase({ ...base, targetDate: null, forecast })).toBe('85% likely by 19 July.');
    expect(dateConfidencePhrase({ ...base, forecast: null })).toBe(
      'No forecast yet for the 15 July target; the critical path finishes 14 July.',
    );
  });
});
