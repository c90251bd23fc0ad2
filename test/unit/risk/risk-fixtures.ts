import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import type { ProgramGraph } from '../../../services/graph/graph-types.js';
import { createRiskContext, type RiskContext, type RiskInputs } from '../../../services/risk/risk-context.js';

export function contextFor(graph: ProgramGraph, extra: Omit<Partial<RiskInputs>, 'graph' | 'analysis'> = {}): RiskContext {
  return createRiskContext({ graph, analysis: analyzeProgram(graph), programOwner: 'Pat', ...extra });
}
