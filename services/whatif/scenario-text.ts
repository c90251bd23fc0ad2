/** Plain-text rendering of a what-if comparison and of an attribution, for the terminal and emails. */
import { formatDate, formatPercent } from '../reports/report-format.js';
import type { Attribution } from './attribution.js';
import type { ScenarioComparison, ScenarioOutcome } from './compare-scenario.js';

const signed = (days: number) => `${days > 0 ? '+' : days < 0 ? '−' : '±'}${Math.abs(days)} d`;
const date = (value: string | null) => (value === null ? '—' : formatDate(value));

export function scenarioText(result: ScenarioComparison): string {
  const row = (label: string, pick: (o: ScenarioOutcome) => string) => `  ${label.padEnd(22)}${pick(result.today).padEnd(16)}${pick(result.scenario)}`;
  const lines = [
    `What if — ${result.program}, as of ${formatDate(result.asOf)} (nothing is written anywhere)`,
    `  ${''.padEnd(22)}${'today'.padEnd(16)}scenario`,
    row('CPM finish', (o) => date(o.finishDate)),
    row('P50', (o) => date(o.p50)),
    row('P85', (o) => date(o.p85)),
    row('P95', (o) => date(o.p95)),
    row('Target', (o) => date(o.targetDate)),
    row('Chance of the target', (o) => (o.probabilityOnTarget === null ? '—' : formatPercent(o.probabilityOnTarget))),
    `  CPM finish moves ${signed(result.moves.finishDays)}${result.moves.p85Days === null ? '' : `, P85 moves ${signed(result.moves.p85Days)}`} (working days).`,
    `  Critical path today:    ${result.today.criticalPath.join(' → ') || '—'}`,
    `  Critical path scenario: ${result.scenario.criticalPath.join(' → ') || '—'}`,
  ];
  const { added, removed } = result.criticalPathChange;
  if (added.length > 0) lines.push(`  Joins the critical path: ${added.join(', ')}`);
  if (removed.length > 0) lines.push(`  Leaves the critical path: ${removed.join(', ')}`);
  if (result.scenario.noForecast) lines.push(`  No forecast for the scenario: ${result.scenario.noForecast}.`);
  return `${lines.join('\n')}\n`;
}

/** "+6 d: DATA-23 re-estimated 3 → 8 points" lines, P85 first when there is a forecast. */
export function attributionLines(attribution: Attribution): string[] {
  const useP85 = attribution.p85 !== null;
  const total = useP85 ? attribution.p85!.days : attribution.finish.days;
  const lines = [
    useP85
      ? `P85 moved ${signed(total)} (${formatDate(attribution.p85!.before)} → ${formatDate(attribution.p85!.after)}); CPM finish ${signed(attribution.finish.days)}.`
      : `CPM finish moved ${signed(total)} (${formatDate(attribution.finish.before)} → ${formatDate(attribution.finish.after)}).`,
  ];
  for (const cause of attribution.causes) {
    const days = useP85 ? (cause.p85Days ?? 0) : cause.finishDays;
    if (days !== 0) lines.push(`${signed(days)}: ${cause.text}`);
  }
  const residual = useP85 ? (attribution.residual.p85Days ?? 0) : attribution.residual.finishDays;
  if (residual !== 0) lines.push(`${signed(residual)}: not explained step by step (interactions, simulation noise)`);
  return lines;
}
