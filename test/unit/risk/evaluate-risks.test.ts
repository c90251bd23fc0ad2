import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import { evaluateRisks } from '../../../services/risk/evaluate-risks.js';
import { DEFAULT_RISK_THRESHOLDS, riskThresholdsSchema } from '../../../services/risk/risk-thresholds.js';
import { blocks, graphOf, item } from '../graph/graph-fixtures.js';

describe('evaluateRisks', () => {
  it('runs every rule, most severe first, then in rule order; one risk per problem', () => {
    const graph = graphOf(
      [
        item('EXT', { placeholder: true, statusCategory: 'unknown', team: null, assignee: null }),
        item('A', { team: 'web', durationDays: 10, assignee: null }),
        item('B', { durationDays: 1 }),
      ],
      [blocks('EXT', 'A'), blocks('B', 'A')],
      // EXT (5 days) then A (10): finishes 19 June, 11 working days after the target.
      { targetDate: '2026-06-04' },
    );
    const signals = evaluateRisks({ graph, analysis: analyzeProgram(graph), programOwner: 'Pat' });
    expect(signals.map((s) => [s.severity, s.key])).toEqual([
      ['critical', 'target-miss'],
      ['high', 'unowned-critical-work:A'],
      ['high', 'external-dependency:EXT'],
    ]);
  });

  it('exports defaults that the schema accepts and validates overrides', () => {
    expect(riskThresholdsSchema.parse({})).toEqual(DEFAULT_RISK_THRESHOLDS);
    expect(riskThresholdsSchema.safeParse({ agingPercentile: 1.5 }).success).toBe(false);
  });
});
