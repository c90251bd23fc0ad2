/** Plain-text rendering of a backtest report for the terminal and the bench. Pure. */
import { median } from '../graph/order-stats.js';
import type { BacktestScore } from './backtest-score.js';
import type { BacktestReport } from './run-backtest.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const signed = (x: number) => `${x > 0 ? '+' : ''}${x}`;

/** "P10 63%  P50 81%  P85 88%  P95 91%": share of real finishes on or before each date. */
export function hitRateLine(score: BacktestScore): string {
  if (!score.hitRates) return 'no scored forecasts';
  const h = score.hitRates;
  return `P10 ${pct(h.p10)}  P50 ${pct(h.p50)}  P85 ${pct(h.p85)}  P95 ${pct(h.p95)}`;
}

export function formatBacktestReport(title: string, report: BacktestReport, options: { readonly maxRows?: number } = {}): string {
  const s = report.summary;
  const lines = [`${title}: ${s.cases} past forecasts of ${report.targets.filter((t) => t.score.cases > 0).length} targets; ${report.skipped.length} skipped.`];
  if (s.cases > 0) {
    lines.push(
      `Real finishes on or before the forecast date: ${hitRateLine(s)}  (claimed 10/50/85/95%)`,
      ...recalibrationLines(report),
      `P50 error in working days (positive = forecast too late): mean ${signed(s.meanErrorP50!)}, median ${signed(s.medianErrorP50!)}, median absolute ${s.medianAbsErrorP50}`,
      ...releaseScopeLines(report),
      'Reliability (claimed probability -> observed share of real finishes by that date):',
      `  ${s.reliability.map((r) => `${pct(r.claimed)}->${pct(r.observed)}`).join('  ')}`,
      'Per target (forecasts, hits at P50/P85/P95, median P50 error in working days):',
    );
    const rows = report.targets.filter((t) => t.score.cases > 0);
    for (const t of rows.slice(0, options.maxRows ?? rows.length)) {
      const h = t.score.hitRates!;
      const n = t.score.cases;
      const hits = (rate: number) => `${Math.round(rate * n)}/${n}`;
      lines.push(`  ${t.target.padEnd(32)} actual ${t.actual ?? '?'}  P50 ${hits(h.p50)}  P85 ${hits(h.p85)}  P95 ${hits(h.p95)}  error ${signed(t.score.medianErrorP50!)}`);
    }
    if (options.maxRows !== undefined && rows.length > options.maxRows) lines.push(`  … and ${rows.length - options.maxRows} more`);
  }
  if (report.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const skip of report.skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
    lines.push('Not scored:', ...[...reasons].map(([reason, n]) => `  ${n} × ${reason}`));
  }
  if (report.missingHistory.length > 0) {
    const shown = report.missingHistory.slice(0, 10).join(', ');
    lines.push(`Items with no status history (treated as not started until resolved): ${report.missingHistory.length} (${shown}${report.missingHistory.length > 10 ? ', …' : ''})`);
  }
  return lines.join('\n');
}

/** What the simulation alone said, before the earlier outcomes recalibrated it. */
function recalibrationLines(report: BacktestReport): string[] {
  const recalibrated = report.cases.filter((c) => c.calibratedOn > 0).length;
  if (recalibrated === 0) return [];
  const u = report.uncalibrated;
  return [
    `  ${recalibrated} of ${report.summary.cases} forecasts recalibrated by the outcomes known before their as-of date; the simulation alone: ${hitRateLine(u)}, median P50 error ${signed(u.medianErrorP50!)}`,
  ];
}

/** How dated releases were forecast: the share of open scope past releases shipped. */
function releaseScopeLines(report: BacktestReport): string[] {
  const learned = report.cases.flatMap((c) => (c.releaseScope ? [c.releaseScope.share] : []));
  const typical = median(learned);
  if (typical === null) return [];
  return [
    `Dated releases: ${learned.length} forecasts assumed a release ships when the share of its open work that earlier releases kept is done (median ${pct(typical)}; the rest moved out), learned only from releases before each as-of date.`,
  ];
}
