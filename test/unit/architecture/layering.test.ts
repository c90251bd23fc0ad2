/**
 * The layering of DESIGN.md, checked on every `npm test`: dependency-cruiser runs the rules of
 * .dependency-cruiser.cjs (no cycles, a pure engine, db/ below services, services below workers).
 */
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';

describe('module layering', () => {
  it('has no dependency-cruiser violations in services/, workers/ and db/', async () => {
    const ruleSet = await extractDepcruiseConfig('./.dependency-cruiser.cjs');
    const reported = await cruise(['services', 'workers', 'db'], { ...ruleSet.options, ruleSet, validate: true });
    const result = reported.output as ICruiseResult;
    // A cruise that cannot parse TypeScript passes every rule on zero modules: make sure it read them.
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
    expect(violations).toEqual([]);
  }, 120_000);
});
