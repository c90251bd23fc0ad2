import { describe, expect, it } from 'vitest';
import { downstreamOf, filterRisks, proposedOptions, setAsideReason, sortRisks } from '../../../services/register/register-fns.js';
import { RegisterInputError, parseId, parseInput, riskUpdateSchema } from '../../../services/register/register-input.js';
import type { RiskRecord } from '../../../services/register/register-types.js';

function risk(id: number, overrides: Partial<RiskRecord> = {}): RiskRecord {
  return {
    id, program: 'p', identity: `r${id}`, rule: 'blocked', title: `Risk ${id}`, severity: 'medium', detected: true,
    owner: 'Dana', ownerOverride: null, detectedOwner: 'Dana', mitigation: null, suggestedMitigation: null,
    status: 'open', snoozeUntil: null, setAside: null, needBy: null, evidence: '', subjects: [], teams: [], downstreamItems: 0,
    firstSeen: '2026-11-01T00:00:00.000Z', lastSeen: '2026-11-20T00:00:00.000Z', resolvedAt: null, ...overrides,
  };
}

describe('setAsideReason', () => {
  it('sets accepted risks aside, and snoozed ones until the day the snooze ends', () => {
    expect(setAsideReason('accepted', null, '2026-12-01')).toBe('accepted');
    expect(setAsideReason('open', '2026-12-02', '2026-12-01')).toBe('snoozed');
    expect(setAsideReason('mitigating', '2026-12-01', '2026-12-01')).toBeNull();
    expect(setAsideReason('closed', '2026-12-31', '2026-12-01')).toBeNull();
    expect(setAsideReason('open', null, '2026-12-01')).toBeNull();
  });
});

describe('proposedOptions', () => {
  it('splits "Decide: A, B, or C." keeping commas inside parentheses', () => {
    expect(proposedOptions('Decide: move the target to 2027-07-19, add capacity on the critical path (Payments, Web Checkout), or cut scope.')).toEqual([
      'Move the target to 2027-07-19',
      'Add capacity on the critical path (Payments, Web Checkout)',
      'Cut scope',
    ]);
    expect(proposedOptions("Decide: pull PAY-1 in before 2027-01-10, or move WEB-2's due date to after 2027-01-20.")).toEqual([
      'Pull PAY-1 in before 2027-01-10',
      "Move WEB-2's due date to after 2027-01-20",
    ]);
  });

  it('lists no options for a suggestion without them', () => {
    expect(proposedOptions('Decide whether the added work is in this release, or move the target date.')).toEqual([]);
    expect(proposedOptions('Decide: cut scope.')).toEqual([]);
  });
});

describe('filterRisks and sortRisks', () => {
  const risks = [
    risk(1, { severity: 'low', owner: 'Ann', teams: ['Payments'], title: 'PAY-1 is stale', needBy: '2026-12-20' }),
    risk(2, { severity: 'critical', owner: 'Bob', teams: ['Web'], rule: 'target-miss', needBy: '2026-12-10' }),
    risk(3, { severity: 'high', status: 'mitigating', owner: 'ann', teams: ['Payments', 'Web'], mitigation: 'Pair on the vault', needBy: '2026-12-01' }),
  ];

  it('combines status, team, severity, owner, rule and text (case-insensitive)', () => {
    expect(filterRisks(risks, { team: 'payments' }).map((r) => r.id)).toEqual([1, 3]);
    expect(filterRisks(risks, { owner: 'ANN', status: 'mitigating' }).map((r) => r.id)).toEqual([3]);
    expect(filterRisks(risks, { text: 'vault' }).map((r) => r.id)).toEqual([3]);
    expect(filterRisks(risks, { text: 'stale' }).map((r) => r.id)).toEqual([1]);
    expect(filterRisks(risks, { rule: 'target-miss', severity: 'critical' }).map((r) => r.id)).toEqual([2]);
    expect(filterRisks(risks, { severity: 'medium' })).toEqual([]);
  });

  it('sorts by severity, need-by date, owner or status', () => {
    expect(sortRisks(risks).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRisks(risks, 'need-by').map((r) => r.id)).toEqual([3, 2, 1]);
    expect(sortRisks(risks, 'owner').map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRisks(risks, 'status').map((r) => r.id)).toEqual([2, 1, 3]);
  });

  it('ranks risks of one severity by how much work waits on them, before the need-by date', () => {
    const same = [
      risk(1, { severity: 'high', needBy: '2026-12-01', downstreamItems: 2 }),
      risk(2, { severity: 'high', needBy: '2026-12-20', downstreamItems: 9 }),
      risk(3, { severity: 'critical', downstreamItems: 0 }),
    ];
    expect(sortRisks(same).map((r) => r.id)).toEqual([3, 2, 1]);
    const items = new Map([
      ['a', { downstream: { items: 4, teams: [], target: null } }],
      ['b', { downstream: { items: 7, teams: [], target: null } }],
      ['c', {}],
    ]);
    expect(downstreamOf(['a', 'b', 'c', 'missing'], items)).toBe(7);
    expect(downstreamOf(['c'], items)).toBe(0);
  });
});

describe('register input', () => {
  it('names every bad field at once', () => {
    try {
      parseInput(riskUpdateSchema, { status: 'done', snoozeUntil: '2026-02-29', owner: 'x'.repeat(201) });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RegisterInputError);
      expect((error as RegisterInputError).issues.map((i) => i.field).sort()).toEqual(['owner', 'snoozeUntil', 'status']);
    }
  });

  it('clears a field with empty text, and refuses an update that changes nothing', () => {
    expect(parseInput(riskUpdateSchema, { owner: '  ', snoozeUntil: '' })).toEqual({ owner: null, snoozeUntil: null });
    expect(() => parseInput(riskUpdateSchema, {})).toThrow(/nothing to change/);
  });

  it('accepts only positive whole-number ids', () => {
    expect(parseId('risk', '42')).toBe(42);
    for (const bad of ['0', '-1', '1.5', 'abc', '', '1e3']) expect(() => parseId('risk', bad)).toThrow(RegisterInputError);
  });
});
