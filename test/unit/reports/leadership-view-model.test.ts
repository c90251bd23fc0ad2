import { describe, expect, it } from 'vitest';
import { buildLeadershipView, decisionsSentence } from '../../../services/reports/leadership-view-model.js';
import type { DecisionRow } from '../../../services/reports/decisions.js';
import { confidenceTrendSpec, targetTrendSpec } from '../../../services/reports/chart-specs.js';
import { DEFAULT_COLOUR_THRESHOLDS } from '../../../services/risk/status-colour.js';
import { CURRENT_FORECAST, reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

describe('buildLeadershipView', () => {
  it('answers "will we hit the date?" in the first paragraph: confidence, decisions with owners, critical risks', () => {
    const view = buildLeadershipView(reportInputsFixture());
    expect(view.firstParagraph).toBe(
      '72% likely by the 15 July target; 85% likely by 19 July. ' +
        'Two decisions needed by 1 June: cut gift cards from the launch (VP Product), ' +
        'the p85 forecast (19 July) is after the 15 July target (Dana Whitfield). ' +
        'Critical risk: PLAT-12 has been in progress for 18 working days (Priya Natarajan).',
    );
  });

  it('tells leadership in the first paragraph that the target moved, and the trend marks it', () => {
    const base = reportInputsFixture();
    const history = base.history.map((h, i) => (i < 2 ? { ...h, targetDate: '2027-02-22' } : h));
    const view = buildLeadershipView(
      reportInputsFixture({ previous: { ...base.previous!, plan: { targetDate: '2027-02-22', scope: null } }, history }),
    );
    expect(view.firstParagraph).toContain('the 15 July target; 85% likely by 19 July. Target moved from 22 February to 15 July (config change). Two decisions');
    expect(view.trend.map((p) => [p.targetDate, p.targetMoved, p.targetMovedFrom])).toEqual([
      ['2027-02-22', false, null],
      ['2027-02-22', false, null],
      ['2027-07-15', true, '2027-02-22'],
    ]);
    const spec = JSON.stringify(targetTrendSpec(view.trend));
    expect(spec).toContain('target 22 Feb → 15 Jul');
    expect(JSON.stringify(confidenceTrendSpec(view.trend, DEFAULT_COLOUR_THRESHOLDS))).toContain('target 22 Feb → 15 Jul');
  });

  it('carries one line of track record when a backtest measured one, none otherwise', () => {
    expect(buildLeadershipView(reportInputsFixture()).trackRecord).toBeNull();
    const release = (n: number, met: boolean) => ({ target: `version 1.${n}`, asOf: '2026-03-02', p50: '2026-04-01', p85: '2026-04-20', actual: '2026-04-10', metP50: n % 2 === 0, metP85: met });
    const trackRecord = { teams: ['PAY'], releases: 12, metP85: 10, forecasts: 36, reliability: [], medianErrorP50: 3, past: Array.from({ length: 12 }, (_, n) => release(n, n < 10)) };
    expect(buildLeadershipView(reportInputsFixture({ trackRecord })).trackRecord).toBe("Seams' 85% dates were met on 10 of 12 past releases of these teams.");
  });

  it('says both numbers when the program is on track', () => {
    const base = reportInputsFixture();
    const inputs = reportInputsFixture({
      current: { ...base.current, forecast: { ...CURRENT_FORECAST, probabilityOnTarget: 0.85 } },
      risks: [],
      program: { ...base.program, decisions: [] },
    });
    expect(buildLeadershipView(inputs).firstParagraph).toBe('85% likely by the 15 July target; 85% likely by 19 July. No decisions needed this week.');
  });

  it('keeps at most three top risks, cross-team first by the slip they explain, with owner and date, and the weekly trend', () => {
    const view = buildLeadershipView(reportInputsFixture());
    // The critical aging WIP is one team's problem: it is in the first paragraph, not above cross-team risks.
    expect(view.topRisks.map((r) => [r.rule, r.impactDays, r.owner, r.when])).toEqual([
      ['target-miss', 4, 'Dana Whitfield', 'need by 1 Jun 2027'],
      ['blocked', 2, 'Marcus Lee', 'need by 21 Jun 2027'],
      ['external-dependency', 0, 'Tom Becker', 'need by 14 Jun 2027'],
    ]);
    const point = (date: string, confidence: number, p85: string) => ({ date, confidence, p85, targetDate: '2027-07-15', targetMovedFrom: null, targetMoved: false });
    expect(view.trend).toEqual([point('2027-05-10', 0.9, '2027-07-12'), point('2027-05-17', 0.86, '2027-07-14'), point('2027-05-24', 0.72, '2027-07-19')]);
    expect(view.dashboardUrl).toBe('https://seams.example.com/programs/checkout-v2');
    expect(view.subject).toBe('Checkout v2: Yellow, 72% likely by the 15 July target; 85% likely by 19 July');
  });
});

describe('decisionsSentence', () => {
  const d = (title: string, owner: string, dueDate: string | null): DecisionRow => ({ title, owner, dueDate, when: null, overdue: false, source: 'program', detail: null, id: null, options: [], recommendation: null });

  it('names three decisions, each with its own date, and counts the rest', () => {
    const sentence = decisionsSentence(
      [d('Cut gift cards', 'VP Product', '2027-06-01'), d('Approve the contractor budget', 'CFO', '2027-06-03'), d('Freeze the API', 'CTO', null), d('Pick a PSP', 'VP Eng', '2027-06-10')],
      '2027-05-24',
    );
    expect(sentence).toBe(
      'Four decisions needed: cut gift cards (VP Product, by 1 June), approve the contractor budget (CFO, by 3 June), freeze the API (CTO) and 1 more.',
    );
  });

  it('gives one date when the decisions share it', () => {
    expect(decisionsSentence([d('Cut gift cards', 'VP Product', '2027-06-01'), d('Pick a PSP', 'VP Eng', '2027-06-01')], '2027-05-24')).toBe(
      'Two decisions needed by 1 June: cut gift cards (VP Product), pick a PSP (VP Eng).',
    );
  });

  it('marks a missed date as overdue instead of naming it as a deadline', () => {
    // Tuesday 18 May 2027 → Monday 31 May: 9 working days late.
    expect(decisionsSentence([d('Cut gift cards', 'VP Product', '2027-05-18'), d('Pick a PSP', 'VP Eng', '2027-05-18')], '2027-05-31')).toBe(
      'Two decisions needed: cut gift cards (VP Product, overdue since 18 May (9 working days)), pick a PSP (VP Eng, overdue since 18 May (9 working days)).',
    );
  });

  it('drops "by" when no decision has a date', () => {
    expect(decisionsSentence([d('Pick a PSP.', 'VP Eng', null)], '2027-05-24')).toBe('One decision needed: pick a PSP (VP Eng).');
  });
});
