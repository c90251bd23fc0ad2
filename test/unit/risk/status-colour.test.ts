import { describe, expect, it } from 'vitest';
import type { RiskSignal } from '../../../services/risk/risk-types.js';
import { statusColour, type StatusColourInputs } from '../../../services/risk/status-colour.js';

const base: StatusColourInputs = { confidence: 0.85, targetDate: '2026-07-15', asOf: '2026-06-01', programOwner: 'Pat', risks: [], previous: [] };

function risk(rule: string, severity: RiskSignal['severity'], title: string): RiskSignal {
  return { rule, key: rule, severity, owner: 'lee', subjectIds: [], title, evidence: { text: '', data: {} }, mitigation: null, needBy: '2026-06-04', impactDays: 0, crossTeam: false };
}

describe('statusColour', () => {
  it('is Green with high confidence and no critical risk', () => {
    expect(statusColour({ ...base, risks: [risk('stale-in-progress', 'high', 'X is stale')] })).toEqual({
      colour: 'green',
      baseColour: 'green',
      escalated: false,
      reasons: ['Date confidence is 85% for the 2026-07-15 target with no critical risks (owner: Pat, as of 2026-06-01).'],
    });
  });

  it('is Yellow below the Green threshold or with a critical risk', () => {
    expect(statusColour({ ...base, confidence: 0.7 })).toMatchObject({
      colour: 'yellow',
      reasons: ['Date confidence is 70% for the 2026-07-15 target, below the 80% Green threshold (owner: Pat, as of 2026-06-01).'],
    });
    expect(statusColour({ ...base, risks: [risk('target-miss', 'critical', 'Projected finish is late')] })).toMatchObject({
      colour: 'yellow',
      reasons: ['Projected finish is late by 2026-06-04 (owner: lee).'],
    });
  });

  it('is Red below the Red threshold or with a blocked critical path, most serious reason first', () => {
    expect(statusColour({ ...base, confidence: 0.4 }).colour).toBe('red');
    const result = statusColour({ ...base, confidence: 0.7, risks: [risk('blocked', 'critical', 'B is blocked by A')] });
    expect(result.colour).toBe('red');
    expect(result.reasons).toEqual([
      'B is blocked by A: needs escalation by 2026-06-04 (owner: lee).',
      'Date confidence is 70% for the 2026-07-15 target, below the 80% Green threshold (owner: Pat, as of 2026-06-01).',
    ]);
  });

  it('turns a second consecutive weekly Yellow into Red', () => {
    const result = statusColour({ ...base, confidence: 0.7, previous: [{ colour: 'green' }, { colour: 'yellow' }] });
    expect(result).toMatchObject({ colour: 'red', baseColour: 'yellow', escalated: true });
    expect(result.reasons[0]).toBe('Yellow for two consecutive weekly snapshots, so Red: escalate (owner: Pat, as of 2026-06-01).');
    // Escalated last week and still Yellow underneath: stays Red.
    expect(statusColour({ ...base, confidence: 0.7, previous: [{ colour: 'red', baseColour: 'yellow' }] }).colour).toBe('red');
    // Yellow after a real Red, or after Green, stays Yellow.
    expect(statusColour({ ...base, confidence: 0.7, previous: [{ colour: 'red' }] }).colour).toBe('yellow');
    expect(statusColour({ ...base, confidence: 0.7, previous: [{ colour: 'yellow' }, { colour: 'green' }] }).colour).toBe('yellow');
  });

  it('uses configured thresholds', () => {
    expect(statusColour({ ...base, confidence: 0.7, thresholds: { greenConfidence: 0.7 } }).colour).toBe('green');
    expect(statusColour({ ...base, confidence: 0.7, thresholds: { greenConfidence: 0.9, redConfidence: 0.75 } }).colour).toBe('red');
  });

  it('says first that confidence moved because the target moved, not the work', () => {
    const result = statusColour({ ...base, confidence: 0.98, targetDate: '2027-04-05', previousTarget: { targetDate: '2027-02-22', confidence: 0.44 } });
    expect(result.colour).toBe('green');
    expect(result.reasons[0]).toBe(
      'Date confidence rose from 44% to 98% because the target moved from 2027-02-22 to 2027-04-05 (config change), not because the work sped up (owner: Pat).',
    );
    expect(statusColour({ ...base, previousTarget: { targetDate: base.targetDate, confidence: 0.5 } }).reasons).toHaveLength(1);
  });

  it('never names a missed need-by as a deadline', () => {
    const late = { ...risk('dependency-cycle', 'critical', 'Cycle'), needBy: '2026-05-25' };
    expect(statusColour({ ...base, risks: [late] }).reasons).toContain('Cycle overdue since 2026-05-25 (5 working days) (owner: lee).');
  });
});
