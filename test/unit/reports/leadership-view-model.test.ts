import { describe, expect, it } from 'vitest';
import { buildLeadershipView, decisionsSentence } from '../../../services/reports/leadership-view-model.js';
import type { DecisionRow } from '../../../services/reports/decisions.js';
import { CURRENT_FORECAST, reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

describe('buildLeadershipView', () => {
  it('answers "will we hit the date?" in the first paragraph: confidence, decisions with owners, critical risks', () => {
    const view = buildLeadershipView(reportInputsFixture());
    expect(view.firstParagraph).toBe(
      'Tracking to 19 July at 85% confidence, 4 days after the 15 July target. ' +
        'Two decisions needed by 1 June: cut gift cards from the launch (VP Product), ' +
        'the p85 forecast (19 July) is after the 15 July target (Dana Whitfield). ' +
        'Critical risk: PLAT-12 has been in progress for 18 working days (Priya Natarajan).',
    );
  });

  it('uses the design wording when the program is on track', () => {
    const base = reportInputsFixture();
    const inputs = reportInputsFixture({
      current: { ...base.current, forecast: { ...CURRENT_FORECAST, probabilityOnTarget: 0.85 } },
      risks: [],
      program: { ...base.program, decisions: [] },
    });
    expect(buildLeadershipView(inputs).firstParagraph).toBe('Tracking to 15 July at 85% confidence. No decisions needed this week.');
  });

  it('keeps the top three unresolved risks, most severe first, and the weekly trend', () => {
    const view = buildLeadershipView(reportInputsFixture());
    expect(view.topRisks.map((r) => [r.severity, r.owner])).toEqual([
      ['critical', 'Priya Natarajan'],
      ['high', 'Dana Whitfield'],
      ['high', 'Marcus Lee'],
    ]);
    expect(view.trend).toEqual([
      { date: '2027-05-10', confidence: 0.9 },
      { date: '2027-05-17', confidence: 0.86 },
      { date: '2027-05-24', confidence: 0.72 },
    ]);
    expect(view.dashboardUrl).toBe('https://seams.example.com/programs/checkout-v2');
    expect(view.subject).toBe('Checkout v2: Yellow, 72% confidence for 15 July');
  });
});

describe('decisionsSentence', () => {
  const d = (title: string, owner: string, dueDate: string | null): DecisionRow => ({ title, owner, dueDate, source: 'program', detail: null, id: null, options: [], recommendation: null });

  it('names three decisions and counts the rest', () => {
    const sentence = decisionsSentence([
      d('Cut gift cards', 'VP Product', '2027-06-01'),
      d('Approve the contractor budget', 'CFO', '2027-06-03'),
      d('Freeze the API', 'CTO', null),
      d('Pick a PSP', 'VP Eng', '2027-06-10'),
    ]);
    expect(sentence).toBe(
      'Four decisions needed by 1 June: cut gift cards (VP Product), approve the contractor budget (CFO), freeze the API (CTO) and 1 more.',
    );
  });

  it('drops "by" when no decision has a date', () => {
    expect(decisionsSentence([d('Pick a PSP.', 'VP Eng', null)])).toBe('One decision needed: pick a PSP (VP Eng).');
  });
});
