import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import type { GraphItem, TeamProfile } from '../../../services/graph/graph-types.js';
import { graphOf, item, parentOf, team } from './graph-fixtures.js';

function durationOf(target: GraphItem, teams: readonly TeamProfile[] = [], others: readonly GraphItem[] = []) {
  const analysis = analyzeProgram(graphOf([target, ...others], [], { teams }), { defaultDurationDays: 3, placeholderDurationDays: 7 });
  const schedule = analysis.items.find((s) => s.id === target.id);
  return { days: schedule?.durationDays, source: schedule?.durationSource, elapsed: schedule?.elapsedDays };
}

describe('item durations', () => {
  it('gives done items no duration, even with an estimate', () => {
    expect(durationOf(item('A', { statusCategory: 'done', estimate: 8, durationDays: 4 }))).toMatchObject({ days: 0, source: 'done' });
  });

  it('lets an explicit duration win over the estimate', () => {
    expect(durationOf(item('A', { estimate: 8, durationDays: 4 }), [team('core', { daysPerPoint: 2 })])).toMatchObject({
      days: 4,
      source: 'explicit',
    });
  });

  it("converts estimates with the team's days per point", () => {
    expect(durationOf(item('A', { estimate: 3 }), [team('core', { daysPerPoint: 1.5 })])).toMatchObject({ days: 4.5, source: 'estimate' });
  });

  it('derives days per point from median cycle time per median estimate', () => {
    // Median cycle 4 days; median estimate of the team's items (1, 2, 2, 3) is 2 → 2 days per point.
    const others = [item('B', { estimate: 1 }), item('C', { estimate: 2 }), item('D', { estimate: 2 })];
    expect(durationOf(item('A', { estimate: 3 }), [team('core', { cycleTimes: [2, 4, 6] })], others)).toMatchObject({
      days: 6,
      source: 'estimate-ratio',
    });
  });

  it('falls back to the default rate without team history', () => {
    expect(durationOf(item('A', { estimate: 2 }))).toMatchObject({ days: 2, source: 'estimate-default-rate' });
  });

  it("uses the team's median cycle time for unestimated items, flagged", () => {
    expect(durationOf(item('A'), [team('core', { cycleTimes: [1, 5, 9, 3] })])).toMatchObject({ days: 4, source: 'team-median' });
  });

  it('uses the default with no team history, flagged', () => {
    expect(durationOf(item('A', { team: 'nobody' }), [team('core', { cycleTimes: [5] })])).toMatchObject({ days: 3, source: 'default' });
    expect(durationOf(item('A', { team: null }))).toMatchObject({ days: 3, source: 'default' });
  });

  it('subtracts working days already spent on in-progress items, down to a minimum', () => {
    // Started Wed 27 May; asOf Mon 1 June: Wed, Thu, Fri = 3 working days spent.
    const started = { statusCategory: 'in_progress' as const, startedAt: '2026-05-27T09:00:00.000Z' };
    expect(durationOf(item('A', { ...started, estimate: 5 }), [team('core', { daysPerPoint: 1 })])).toMatchObject({
      days: 2,
      elapsed: 3,
      source: 'estimate',
    });
    expect(durationOf(item('A', { ...started, estimate: 2 }), [team('core', { daysPerPoint: 1 })])).toMatchObject({
      days: 0.5,
      elapsed: 3,
    });
  });

  it('gives placeholders the configured duration', () => {
    expect(durationOf(item('A', { placeholder: true, statusCategory: 'unknown', team: null }))).toMatchObject({
      days: 7,
      source: 'placeholder',
    });
  });

  it('makes a parent a summary that finishes with its children', () => {
    const analysis = analyzeProgram(
      graphOf([item('EPIC', { estimate: 20 }), item('C1', { durationDays: 2 }), item('C2', { durationDays: 5 })], [
        parentOf('EPIC', 'C1'),
        parentOf('EPIC', 'C2'),
      ]),
    );
    const epic = analysis.items.find((s) => s.id === 'EPIC');
    expect(epic).toMatchObject({ durationDays: 0, durationSource: 'summary', es: 5, ef: 5, critical: true });
    expect(analysis.criticalPath).toEqual(['C2', 'EPIC']);
  });
});
