import { describe, expect, it } from 'vitest';
import { agingWipRule } from '../../../services/risk/rules/aging-wip.js';
import { blockedRule } from '../../../services/risk/rules/blocked.js';
import { criticalWithoutEstimateRule } from '../../../services/risk/rules/critical-without-estimate.js';
import { dateInversionRule } from '../../../services/risk/rules/date-inversion.js';
import { staleInProgressRule } from '../../../services/risk/rules/stale-in-progress.js';
import { unownedCriticalWorkRule } from '../../../services/risk/rules/unowned-critical-work.js';
import { blocks, graphOf, item, team } from '../graph/graph-fixtures.js';
import { contextFor } from './risk-fixtures.js';

// asOf is Monday 2026-06-01 throughout.
describe('blocked', () => {
  it('high for a cross-team hand-off on the critical path', () => {
    const ctx = contextFor(
      graphOf([item('A', { team: 'api', durationDays: 3, assignee: 'bo' }), item('B', { team: 'web', durationDays: 2 })], [blocks('A', 'B')]),
      { teamLeads: { web: 'lee' } },
    );
    expect(blockedRule.evaluate(ctx).map((s) => [s.key, s.severity, s.mitigation])).toEqual([
      ['blocked:A,B', 'high', 'Confirm when A will be done.'],
    ]);
  });

  it('critical when the cross-team blocker on the critical path is already overdue', () => {
    const ctx = contextFor(
      graphOf(
        [item('A', { team: 'api', durationDays: 3, assignee: 'bo', dueDate: '2026-05-20' }), item('B', { team: 'web', durationDays: 2 })],
        [blocks('A', 'B')],
      ),
      { teamLeads: { web: 'lee' } },
    );
    expect(blockedRule.evaluate(ctx)).toEqual([
      {
        rule: 'blocked',
        key: 'blocked:A,B',
        severity: 'critical',
        owner: 'ann',
        subjectIds: ['B', 'A'],
        title: 'B is blocked by A',
        evidence: {
          text: 'B (todo, 0.0 days float) waits on A.',
          data: { blockerIds: ['A'], blockerTeams: ['api'], slackDays: 0, critical: true },
        },
        mitigation: 'Escalate to api: agree a delivery date before 2026-06-04 or remove the dependency.',
        needBy: '2026-06-04',
      },
    ]);
  });

  it('grades by criticality and stays quiet when the blocker is done', () => {
    const graph = graphOf(
      [item('A', { durationDays: 1 }), item('B', { durationDays: 1 }), item('LONG', { durationDays: 10 }), item('D', { statusCategory: 'done' }), item('E', { durationDays: 1 })],
      [blocks('A', 'B'), blocks('D', 'E')],
    );
    const signals = blockedRule.evaluate(contextFor(graph, { thresholds: { blockedMinSeverity: 'low' } }));
    expect(signals.map((s) => [s.key, s.severity])).toEqual([['blocked:A,B', 'low']]);
    // By default low-severity waits stay out of the register.
    expect(blockedRule.evaluate(contextFor(graph))).toEqual([]);
  });
});

describe('date-inversion', () => {
  it("fires when the blocker's due date or forecast finish is after the dependent's due date", () => {
    const graph = graphOf(
      [
        item('A', { durationDays: 1, dueDate: '2026-06-20' }),
        item('B', { durationDays: 1, dueDate: '2026-06-10' }),
        item('C', { durationDays: 8 }),
        item('D', { durationDays: 1, dueDate: '2026-06-05' }),
      ],
      [blocks('A', 'B'), blocks('C', 'D')],
    );
    const signals = dateInversionRule.evaluate(contextFor(graph));
    expect(signals.map((s) => [s.key, s.evidence.data.basis, s.evidence.data.blockerDate, s.needBy])).toEqual([
      ['date-inversion:A,B', 'due date', '2026-06-20', '2026-06-10'],
      // C works 1–10 June (8 working days), finishing after D's 5 June due date.
      ['date-inversion:C,D', 'forecast', '2026-06-10', '2026-06-05'],
    ]);
  });

  it('stays quiet when dates are consistent or the blocker is done', () => {
    const graph = graphOf(
      [
        item('A', { durationDays: 1, dueDate: '2026-06-03' }),
        item('B', { durationDays: 1, dueDate: '2026-06-10' }),
        item('C', { statusCategory: 'done', dueDate: '2026-06-30' }),
        item('D', { durationDays: 1, dueDate: '2026-06-05' }),
      ],
      [blocks('A', 'B'), blocks('C', 'D')],
    );
    expect(dateInversionRule.evaluate(contextFor(graph))).toEqual([]);
  });
});

describe('unowned-critical-work', () => {
  it('fires for an unassigned critical item, owned by the team lead', () => {
    const graph = graphOf([item('A', { assignee: null, durationDays: 5 }), item('B', { assignee: null, durationDays: 1 })]);
    const signals = unownedCriticalWorkRule.evaluate(contextFor(graph, { teamLeads: { core: 'lee' } }));
    expect(signals.map((s) => [s.key, s.owner, s.severity, s.needBy])).toEqual([['unowned-critical-work:A', 'lee', 'high', '2026-06-01']]);
  });

  it('stays quiet when critical work is assigned', () => {
    expect(unownedCriticalWorkRule.evaluate(contextFor(graphOf([item('A', { durationDays: 5 })])))).toEqual([]);
  });
});

describe('stale-in-progress', () => {
  const wip = { statusCategory: 'in_progress' as const, durationDays: 2 };
  it('fires after N working days without an update', () => {
    // Last update Mon 25 May: 5 working days before Mon 1 June.
    const graph = graphOf([item('A', { ...wip, updatedAt: '2026-05-25T10:00:00Z' }), item('B', { ...wip, updatedAt: '2026-05-26T10:00:00Z' })]);
    const signals = staleInProgressRule.evaluate(contextFor(graph));
    expect(signals.map((s) => [s.key, s.evidence.data.idleWorkingDays, s.severity])).toEqual([['stale-in-progress:A', 5, 'high']]);
  });

  it('respects the configured limit', () => {
    const graph = graphOf([item('A', { ...wip, updatedAt: '2026-05-25T10:00:00Z' })]);
    expect(staleInProgressRule.evaluate(contextFor(graph, { thresholds: { staleWorkingDays: 6 } }))).toEqual([]);
  });
});

describe('aging-wip', () => {
  const teams = [team('core', { cycleTimes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })];
  it("fires when in-progress age exceeds the team's p85 cycle time", () => {
    // p85 of 1..10 (nearest rank) = 9. Started Tue 19 May: 9 working days; Mon 18 May: 10.
    const graph = graphOf(
      [
        item('OLD', { statusCategory: 'in_progress', startedAt: '2026-05-18T09:00:00Z' }),
        item('OK', { statusCategory: 'in_progress', startedAt: '2026-05-19T09:00:00Z' }),
      ],
      [],
      { teams },
    );
    const signals = agingWipRule.evaluate(contextFor(graph));
    expect(signals.map((s) => [s.key, s.evidence.data.ageWorkingDays, s.evidence.data.teamPercentile])).toEqual([['aging-wip:OLD', 10, 9]]);
  });

  it('needs enough team history', () => {
    const graph = graphOf([item('OLD', { statusCategory: 'in_progress', startedAt: '2026-01-05T09:00:00Z' })], [], {
      teams: [team('core', { cycleTimes: [1, 2] })],
    });
    expect(agingWipRule.evaluate(contextFor(graph))).toEqual([]);
  });
});

describe('critical-without-estimate', () => {
  it('fires for a critical item scheduled on the team median', () => {
    const graph = graphOf([item('A'), item('B', { estimate: 1 })], [], { teams: [team('core', { cycleTimes: [4], daysPerPoint: 1 })] });
    const signals = criticalWithoutEstimateRule.evaluate(contextFor(graph));
    expect(signals.map((s) => [s.key, s.evidence.data.durationSource, s.evidence.data.assumedDays])).toEqual([
      ['critical-without-estimate:A', 'team-median', 4],
    ]);
  });

  it('stays quiet for estimated or explicit critical work', () => {
    const graph = graphOf([item('A', { estimate: 5 }), item('B', { durationDays: 5 })], [], { teams: [team('core', { daysPerPoint: 1 })] });
    expect(criticalWithoutEstimateRule.evaluate(contextFor(graph))).toEqual([]);
  });
});
