import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import { selectScope } from '../../../services/graph/program-scope.js';
import { buildSnapshotData } from '../../../services/rebuild/snapshot-data.js';
import { riskRegisterView } from '../../../services/reports/risk-register-view.js';
import type { RiskRegisterEntry } from '../../../services/reports/report-inputs.js';
import { blocks, graphOf, item } from '../graph/graph-fixtures.js';

describe('downstream impact in snapshots and the risk register', () => {
  const graph = graphOf(
    [item('A', { team: 'pay', durationDays: 2 }), item('B', { team: 'web', durationDays: 2 }), item('C', { team: 'mob', durationDays: 1, dueDate: '2026-06-05' }), item('D', { team: 'pay', durationDays: 1 })],
    [blocks('A', 'B'), blocks('B', 'C')],
    { targetDate: '2026-06-30' },
  );
  const scoped = selectScope(graph);
  const snapshot = buildSnapshotData({
    period: '2026-W23',
    takenAt: '2026-06-01T06:00:00.000Z',
    scoped,
    analysis: analyzeProgram(graph),
    forecast: null,
    colour: { colour: 'green', baseColour: 'green', escalated: false, reasons: [] },
    headline: '',
    plan: { targetDate: '2026-06-30', scope: null },
  });
  const byKey = new Map(snapshot.items.map((i) => [i.key, i]));

  it('stores who waits on each item and the earliest target it threatens', () => {
    expect(byKey.get('A')?.downstream).toEqual({ items: 2, teams: ['mob', 'web'], target: { date: '2026-06-05', itemId: 'C' } });
    expect(byKey.get('D')?.downstream).toEqual({ items: 0, teams: [], target: { date: '2026-06-30', itemId: null } });
  });

  it('ranks risks of one severity by the work waiting on their items', () => {
    const risk = (identity: string, subjectIds: string[]): RiskRegisterEntry => ({
      identity, rule: 'blocked', title: `Risk ${identity}`, severity: 'high', owner: null, subjectIds, evidence: '', mitigation: null,
      needBy: null, impactDays: 0, crossTeam: false, firstSeen: '2026-06-01T00:00:00.000Z', lastSeen: '2026-06-01T00:00:00.000Z',
      resolvedAt: null, acknowledgedBy: null, status: 'open',
    });
    const view = riskRegisterView([risk('on-d', ['D']), risk('on-b', ['B']), risk('on-a', ['A', 'D'])], new Map(snapshot.items.map((i) => [i.id, i])), '2026-06-01T06:00:00.000Z', 'UTC');
    expect(view.active.map((r) => [r.identity, r.downstreamItems])).toEqual([['on-a', 2], ['on-b', 1], ['on-d', 0]]);
  });
});
