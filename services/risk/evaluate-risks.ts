/** Runs every risk rule and orders the signals most severe first. */
import { createRiskContext, type RiskContext, type RiskInputs } from './risk-context.js';
import { SEVERITY_RANK, type RiskRule, type RiskSignal } from './risk-types.js';
import { agingWipRule } from './rules/aging-wip.js';
import { blockedRule } from './rules/blocked.js';
import { criticalWithoutEstimateRule } from './rules/critical-without-estimate.js';
import { dateInversionRule } from './rules/date-inversion.js';
import { dependencyCycleRule } from './rules/dependency-cycle.js';
import { externalDependencyRule } from './rules/external-dependency.js';
import { scopeCreepRule } from './rules/scope-creep.js';
import { slippingForecastRule } from './rules/slipping-forecast.js';
import { staleInProgressRule } from './rules/stale-in-progress.js';
import { targetMissRule } from './rules/target-miss.js';
import { unownedCriticalWorkRule } from './rules/unowned-critical-work.js';

export const RISK_RULES: readonly RiskRule[] = Object.freeze([
  targetMissRule,
  slippingForecastRule,
  dependencyCycleRule,
  blockedRule,
  dateInversionRule,
  unownedCriticalWorkRule,
  criticalWithoutEstimateRule,
  externalDependencyRule,
  agingWipRule,
  staleInProgressRule,
  scopeCreepRule,
]);

/**
 * Accepts ready context (to share its indexes) or the raw inputs. Within a severity, signals
 * keep the order of RISK_RULES (most decision-relevant first) and each rule's graph order:
 * a stable numeric sort, because string-sorting 100k keys would dominate the run time.
 */
export function evaluateRisks(input: RiskContext | RiskInputs, rules: readonly RiskRule[] = RISK_RULES): RiskSignal[] {
  const ctx = 'blockerOffsets' in input ? input : createRiskContext(input);
  const signals = rules.flatMap((rule) => rule.evaluate(ctx));
  return signals.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}
