import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../services/register/register-types.js';
import { renderEmail } from '../../../services/reports/render-email.js';
import { buildTpmReportView } from '../../../services/reports/tpm-report-view-model.js';
import { reportInputsFixture } from '../../fixtures/reports/program-report-inputs.js';

const base = reportInputsFixture();
const decision = (id: number, overrides: Partial<DecisionRecord>): DecisionRecord => ({
  id, program: 'checkout-v2', question: `Question ${id}`, options: [], recommendation: null, decider: 'VP Product', dueDate: '2027-06-01',
  riskIds: [], itemKeys: [], origin: null, status: 'open', outcome: null, decidedAt: null, decidedBy: null, createdBy: 'Dana', createdAt: '2027-05-20T09:00:00.000Z',
  ...overrides,
});

const inputs = {
  ...base,
  risks: base.risks.map((r) => {
    if (r.rule === 'aging-wip') return { ...r, review: { id: 3, status: 'accepted' as const, snoozeUntil: null, setAside: 'accepted' as const } };
    if (r.rule === 'external-dependency') return { ...r, review: { id: 4, status: 'open' as const, snoozeUntil: '2027-06-07', setAside: 'snoozed' as const } };
    if (r.rule === 'blocked') return { ...r, review: { id: 2, status: 'closed' as const, snoozeUntil: null, setAside: null } };
    return r;
  }),
  decisionLog: {
    open: [decision(7, { question: 'Ship without gift cards?', options: ['Ship without', 'Slip two weeks'], recommendation: 'Ship without', origin: 'risk:target-miss' })],
    decidedThisWeek: [decision(5, { question: 'Use the new vault?', status: 'decided', outcome: 'Yes, from June', decidedAt: '2027-05-22T10:00:00.000Z', decidedBy: 'CTO' })],
    recordedOrigins: ['risk:target-miss'],
  },
};

describe('the register workflow in the TPM report', () => {
  const view = buildTpmReportView(inputs);

  it('moves accepted and snoozed risks to their own section and closed ones to resolved', () => {
    expect(view.risks.setAside.map((r) => r.rule).sort()).toEqual(['aging-wip', 'external-dependency']);
    expect(view.risks.active.map((r) => r.rule)).toEqual(['target-miss']);
    expect(view.risks.resolved.map((r) => r.rule).sort()).toEqual(['blocked', 'stale-in-progress']);
  });

  it('lists recorded decisions with options and recommendation instead of the proposal they came from', () => {
    expect(view.decisions.map((d) => [d.source, d.title])).toEqual([
      ['program', 'Cut gift cards from the launch'],
      ['recorded', 'Ship without gift cards?'],
    ]);
    expect(view.decisions[1]).toMatchObject({ id: 7, owner: 'VP Product', options: ['Ship without', 'Slip two weeks'], recommendation: 'Ship without' });
    expect(view.decidedThisWeek.map((d) => d.id)).toEqual([5]);
  });

  it('prints them in the email text and HTML', async () => {
    const email = await renderEmail('tpm', inputs, {});
    expect(email.text).toContain('  Options: Ship without / Slip two weeks\n  Recommendation: Ship without');
    expect(email.text).toContain('DECIDED THIS WEEK\n- Use the new vault?: Yes, from June (CTO,');
    expect(email.text).toContain('Accepted or snoozed (not in the colour) (2):');
    expect(email.html).toContain('Decided this week');
    expect(email.html).toContain('snoozed until 7 Jun 2027');
  });

  it('shows the RACI in the report header', async () => {
    const raci = { accountable: 'Dana Whitfield', responsible: { Payments: 'Sofia Alvarez', Identity: 'Marcus Lee' }, consulted: ['Security'], informed: ['VP Product'] };
    const email = await renderEmail('tpm', { ...inputs, program: { ...inputs.program, raci } }, {});
    expect(email.text).toContain('Accountable: Dana Whitfield; Responsible: Identity (Marcus Lee), Payments (Sofia Alvarez); Consulted: Security; Informed: VP Product');
    expect(email.html).toContain('Accountable: Dana Whitfield · Responsible: Identity (Marcus Lee), Payments (Sofia Alvarez) · Consulted: Security · Informed: VP Product');
  });
});
