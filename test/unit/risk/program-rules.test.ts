import { describe, expect, it } from 'vitest';
import { dependencyCycleRule } from '../../../services/risk/rules/dependency-cycle.js';
import { externalDependencyRule } from '../../../services/risk/rules/external-dependency.js';
import { scopeCreepRule } from '../../../services/risk/rules/scope-creep.js';
import { slippingForecastRule } from '../../../services/risk/rules/slipping-forecast.js';
import { targetMissRule } from '../../../services/risk/rules/target-miss.js';
import { blocks, graphOf, item } from '../graph/graph-fixtures.js';
import { contextFor } from './risk-fixtures.js';

describe('dependency-cycle', () => {
  it('fires once per cycle with the ignored link', () => {
    const graph = graphOf([item('A', { key: 'PAY-1' }), item('B', { key: 'MOB-2', assignee: 'cy' }), item('C')], [blocks('A', 'B'), blocks('B', 'A'), blocks('B', 'C')]);
    const signals = dependencyCycleRule.evaluate(contextFor(graph));
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      key: 'dependency-cycle:A,B',
      severity: 'high',
      owner: 'ann',
      evidence: { text: '2 items block each other; the schedule ignores MOB-2 → PAY-1.' },
    });
  });

  it('stays quiet on a DAG', () => {
    expect(dependencyCycleRule.evaluate(contextFor(graphOf([item('A'), item('B')], [blocks('A', 'B')])))).toEqual([]);
  });
});

describe('external-dependency', () => {
  it('fires for a placeholder in the network, owned by whoever waits on it', () => {
    const graph = graphOf(
      [item('EXT', { key: 'OPS-9', placeholder: true, statusCategory: 'unknown', team: null, assignee: null }), item('A', { key: 'PAY-1', assignee: 'bo', durationDays: 1 })],
      [blocks('EXT', 'A')],
    );
    const signals = externalDependencyRule.evaluate(contextFor(graph));
    expect(signals.map((s) => [s.key, s.owner, s.severity, s.evidence.data.dependentIds])).toEqual([['external-dependency:EXT', 'bo', 'high', ['A']]]);
  });

  it('stays quiet without placeholders', () => {
    expect(externalDependencyRule.evaluate(contextFor(graphOf([item('A'), item('B')], [blocks('A', 'B')])))).toEqual([]);
  });
});

describe('scope-creep', () => {
  // 4 items, 10 points.
  const graph = graphOf([item('A', { estimate: 4 }), item('B', { estimate: 3 }), item('C', { estimate: 2 }), item('D', { estimate: 1 })]);

  it('fires when items or points grew beyond the threshold', () => {
    const signals = scopeCreepRule.evaluate(contextFor(graph, { previousScope: { items: 4, points: 8 } }));
    expect(signals.map((s) => [s.key, s.severity, s.owner, s.evidence.data.pointGrowthPercent])).toEqual([['scope-creep', 'high', 'Pat', 25]]);
  });

  it('stays quiet within the threshold or without a previous snapshot', () => {
    expect(scopeCreepRule.evaluate(contextFor(graph, { previousScope: { items: 4, points: 9.5 } }))).toEqual([]);
    expect(scopeCreepRule.evaluate(contextFor(graph))).toEqual([]);
  });
});

describe('slipping-forecast', () => {
  const graph = graphOf([item('A')], [], { targetDate: '2026-07-15' });
  it('fires when p85 moved later by at least the threshold', () => {
    const signals = slippingForecastRule.evaluate(contextFor(graph, { forecast: { p85: '2026-07-20', previousP85: '2026-07-13' } }));
    expect(signals.map((s) => [s.title, s.severity, s.needBy])).toEqual([['The p85 forecast slipped 7 days, to 2026-07-20', 'medium', '2026-07-15']]);
  });

  it('stays quiet for small slips and improvements', () => {
    expect(slippingForecastRule.evaluate(contextFor(graph, { forecast: { p85: '2026-07-17', previousP85: '2026-07-13' } }))).toEqual([]);
    expect(slippingForecastRule.evaluate(contextFor(graph, { forecast: { p85: '2026-07-01', previousP85: '2026-07-13' } }))).toEqual([]);
  });
});

describe('target-miss', () => {
  // A(10) → B(5): 15 working days from Mon 1 June, finishing Fri 19 June.
  const items = [item('A', { durationDays: 10, team: 'api' }), item('B', { durationDays: 5, team: 'web' })];
  it('fires when the projected finish is after the target, critical beyond the limit', () => {
    const late = contextFor(graphOf(items, [blocks('A', 'B')], { targetDate: '2026-06-16' }));
    expect(targetMissRule.evaluate(late).map((s) => [s.title, s.severity, s.evidence.data.criticalPath])).toEqual([
      ['Projected finish 2026-06-19 is 3 working days after the 2026-06-16 target', 'high', ['A', 'B']],
    ]);
    const veryLate = contextFor(graphOf(items, [blocks('A', 'B')], { targetDate: '2026-06-16' }), { thresholds: { targetMissCriticalDays: 2 } });
    expect(targetMissRule.evaluate(veryLate)[0]?.severity).toBe('critical');
  });

  it('stays quiet when finishing on the target', () => {
    expect(targetMissRule.evaluate(contextFor(graphOf(items, [blocks('A', 'B')], { targetDate: '2026-06-19' })))).toEqual([]);
  });

  it("is medium on Seams' forecast (P85) when the schedule itself finishes in time, and says so", () => {
    const ctx = contextFor(graphOf(items, [blocks('A', 'B')], { targetDate: '2026-06-22' }), { forecast: { p85: '2026-06-26', previousP85: null } });
    expect(targetMissRule.evaluate(ctx).map((s) => [s.title, s.severity, s.impactDays, s.evidence.data.basis, s.mitigation])).toEqual([
      [
        'Forecast P85 2026-06-26 is 4 working days after the 2026-06-22 target',
        'medium',
        4,
        'forecast',
        'Review the critical path with its teams: at P85 the program lands 4 working days after the target.',
      ],
    ]);
  });
});
