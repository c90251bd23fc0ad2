import { describe, expect, it } from 'vitest';
import { agingWipRule } from '../../../services/risk/rules/aging-wip.js';
import { blockedRule } from '../../../services/risk/rules/blocked.js';
import { criticalWithoutEstimateRule } from '../../../services/risk/rules/critical-without-estimate.js';
import { dateInversionRule } from '../../../services/risk/rules/date-inversion.js';
import { staleInProgressRule } from '../../../services/risk/rules/stale-in-progress.js';
import { unownedCriticalWorkRule } from '../../../services/risk/rules/unowned-critical-work.js';
import type { GraphItem } from '../../../services/graph/graph-types.js';
import { blocks, graphOf, item, team } from '../graph/graph-fixtures.js';
import { contextFor } from './risk-fixtures.js';

// asOf is Monday 2026-06-01 throughout.
describe('blocked', () => {
  const handOff = (blocker: Partial<GraphItem> = {}, waiting: Partial<GraphItem> = {}) =>
    graphOf([item('A', { team: 'api', durationDays: 3, assignee: 'bo', ...blocker }), item('B', { team: 'web', durationDays: 2, ...waiting })], [blocks('A', 'B')]);

  it('stays quiet for a chain of on-time hand-offs, even on the critical path across teams', () => {
    const graph = graphOf(
      [item('A', { team: 'api', durationDays: 3 }), item('B', { team: 'web', durationDays: 2 }), item('C', { team: 'core', durationDays: 2 })],
      [blocks('A', 'B'), blocks('B', 'C')],
    );
    expect(blockedRule.evaluate(contextFor(graph, { thresholds: { blockedMinSeverity: 'low' } }))).toEqual([]);
  });

  it('is high when Seams forecasts a cross-team blocker (P85) to finish after the late start', () => {
    // A ends on day 3 by CPM; at P85 (x1.5) on day 4.5, after B's late start on day 3.
    const ctx = contextFor(handOff(), { teamLeads: { web: 'lee' }, forecastScale: { p50: 1, p85: 1.5 } });
    expect(blockedRule.evaluate(ctx).map((s) => [s.key, s.severity, s.crossTeam, s.impactDays, s.mitigation])).toEqual([
      ['blocked:B', 'high', true, 2, 'Escalate to api: agree a delivery date for A before 2026-06-04 or remove the dependency.'],
    ]);
  });

  it('is critical when the cross-team blocker on the critical path is already overdue', () => {
    const ctx = contextFor(handOff({ dueDate: '2026-05-20' }), { teamLeads: { web: 'lee' } });
    expect(blockedRule.evaluate(ctx)).toEqual([
      {
        rule: 'blocked',
        key: 'blocked:B',
        severity: 'critical',
        owner: 'ann',
        subjectIds: ['B', 'A'],
        title: 'B is blocked by A',
        evidence: {
          text: 'B (todo, must start by 2026-06-04, 0.0 days float) waits on A (api, overdue since 2026-05-20 (8 working days); Seams forecast P85 2026-06-03).',
          data: {
            blockerIds: ['A'],
            lateBlockerIds: ['A'],
            blockerTeams: ['api'],
            blockerProblems: ['overdue'],
            blockerP85: ['2026-06-03'],
            lateStart: '2026-06-04',
            slackDays: 0,
            critical: true,
            crossTeam: true,
          },
        },
        mitigation: 'Escalate to api: agree a delivery date for A before 2026-06-04 or remove the dependency.',
        needBy: '2026-06-04',
        impactDays: 0,
        crossTeam: true,
      },
    ]);
  });

  it('keeps a same-team hand-off at medium at most', () => {
    const ctx = contextFor(handOff({ team: 'web', dueDate: '2026-05-20' }), { forecastScale: { p50: 2, p85: 3 } });
    expect(blockedRule.evaluate(ctx).map((s) => [s.key, s.severity, s.crossTeam])).toEqual([['blocked:B', 'medium', false]]);
  });

  it('waits until the late start is within the horizon', () => {
    // B must start on day 12: outside the default 10-day horizon, inside a 15-day one.
    const graph = handOff({ durationDays: 12, dueDate: '2026-05-20' });
    expect(blockedRule.evaluate(contextFor(graph))).toEqual([]);
    expect(blockedRule.evaluate(contextFor(graph, { thresholds: { blockedHorizonDays: 15 } })).map((s) => s.key)).toEqual(['blocked:B']);
  });

  it('counts float to the target before calling a forecast late', () => {
    const ctx = (targetDate: string) => contextFor({ ...handOff(), targetDate }, { forecastScale: { p50: 1, p85: 1.5 } });
    // The target is two weeks after the schedule's finish on 5 June: A at P85 is in time.
    expect(blockedRule.evaluate(ctx('2026-06-19'))).toEqual([]);
    expect(blockedRule.evaluate(ctx('2026-06-05')).map((s) => s.key)).toEqual(['blocked:B']);
  });

  it('keeps its identity when the blockers change', () => {
    const graph = (withC: boolean) =>
      graphOf(
        [item('A', { team: 'api', durationDays: 3, dueDate: '2026-05-20' }), item('C', { team: 'data', durationDays: 1 }), item('B', { team: 'web', durationDays: 2 })],
        withC ? [blocks('A', 'B'), blocks('C', 'B')] : [blocks('A', 'B')],
      );
    const before = blockedRule.evaluate(contextFor(graph(true)));
    const after = blockedRule.evaluate(contextFor(graph(false)));
    expect(before.map((s) => [s.key, s.evidence.data.blockerIds])).toEqual([['blocked:B', ['A', 'C']]]);
    expect(after.map((s) => [s.key, s.evidence.data.blockerIds])).toEqual([['blocked:B', ['A']]]);
  });

  it('stays quiet when the blocker is done', () => {
    const graph = graphOf([item('D', { statusCategory: 'done', team: 'api', dueDate: '2026-05-01' }), item('E', { team: 'web', durationDays: 1 })], [blocks('D', 'E')]);
    expect(blockedRule.evaluate(contextFor(graph, { thresholds: { blockedMinSeverity: 'low' } }))).toEqual([]);
  });
});

describe('date-inversion', () => {
  it("uses Seams' forecast and says which date it used", () => {
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
    expect(signals.map((s) => [s.key, s.severity, s.evidence.data.basis, s.evidence.data.blockerP85, s.needBy])).toEqual([
      // A is due after B in the tracker, but Seams finishes A on 1 June: only the tracker dates disagree.
      ['date-inversion:B', 'low', ['due date'], ['2026-06-01'], '2026-06-10'],
      // C works 1–10 June (8 working days), finishing after D's 5 June due date.
      ['date-inversion:D', 'high', ['forecast'], ['2026-06-10'], '2026-06-05'],
    ]);
    expect(signals[0]?.evidence.text).toBe(
      "A is due 2026-06-20 in the tracker, after B, which is due 2026-06-10; Seams' schedule finishes A by 2026-06-01 (P85), in time.",
    );
    expect(signals[1]?.mitigation).toBe("Decide: pull C in to finish before 2026-06-05, or move D's due date to after 2026-06-10.");
  });

  it('never advises a date in the past', () => {
    const graph = graphOf([item('C', { durationDays: 8 }), item('D', { durationDays: 1, dueDate: '2026-05-25' })], [blocks('C', 'D')]);
    const [inversion] = dateInversionRule.evaluate(contextFor(graph));
    expect(inversion?.mitigation).toBe('Decide: D is overdue since 2026-05-25 (5 working days) and waits on C (P85 2026-06-10): move its due date to after 2026-06-10, or cut it.');
    expect(inversion?.evidence.text).toContain('D is overdue since 2026-05-25 (5 working days)');
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
