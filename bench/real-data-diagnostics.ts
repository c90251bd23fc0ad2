/**
 * Why a backtest comes out as it does, in numbers the forecast model can be checked against:
 * how much of the history is cycle time (an in-progress status) rather than lead time (creation
 * to done), how much of a version's open work was moved out instead of finished, and how far
 * the P50 lands from the real finish.
 */
import type { BacktestHistory } from '../services/backtest/backtest-types.js';
import { replayStateAt } from '../services/backtest/replay-state.js';
import type { BacktestReport } from '../services/backtest/run-backtest.js';
import { median } from '../services/graph/order-stats.js';

const DAY = 86_400_000;

export function realDataDiagnostics(history: BacktestHistory, report: BacktestReport): Record<string, string> {
  const done = history.items.filter((i) => i.completedAt !== null);
  const started = done.filter((i) => i.statusChanges.some((c) => c.toCategory === 'in_progress'));
  const calendarDays = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY;
  const inProgress = started.map((i) => calendarDays(i.statusChanges.find((c) => c.toCategory === 'in_progress')!.at, i.completedAt!));
  const lead = done.map((i) => calendarDays(i.createdAt, i.completedAt!));

  const byId = new Map(history.items.map((i) => [i.id, i]));
  let open = 0;
  let movedOut = 0;
  let finishedByEnd = 0;
  for (const c of report.cases) {
    if (!c.target.startsWith('version ')) continue;
    const name = c.target.slice('version '.length);
    const end = Date.parse(`${c.actual}T23:59:59Z`);
    for (const r of replayStateAt(history, new Date(`${c.asOf}T00:00:00Z`)).items) {
      if (!r.fixVersions.has(name) || r.item.statusCategory === 'done') continue;
      open++;
      const now = byId.get(r.item.id)!;
      if (!now.fixVersions.includes(name)) movedOut++;
      else if (now.completedAt && now.completedAt.getTime() <= end) finishedByEnd++;
    }
  }
  const pct = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((n / of) * 100)}%`);
  const ratios = report.cases.map((c) => c.p50WorkingDays / Math.max(1, c.actualWorkingDays));
  return {
    'finished items that ever were in progress': `${started.length} of ${done.length} (${pct(started.length, done.length)})`,
    'median days in progress -> done': median(inProgress)?.toFixed(1) ?? '-',
    'median days created -> done': median(lead)?.toFixed(1) ?? '-',
    'open version items later moved out': `${movedOut} of ${open} (${pct(movedOut, open)})`,
    'open version items finished by release': `${finishedByEnd} of ${open} (${pct(finishedByEnd, open)})`,
    'median P50 / real working days': median(ratios)?.toFixed(2) ?? '-',
    'forecasts on borrowed (pooled) history': `${report.cases.filter((c) => c.borrowedHistory.length > 0).length} of ${report.cases.length}`,
  };
}

/**
 * Ages of the items open at each as-of date (days since creation) and the days they really took
 * from then: a forecast drawing every not-started item afresh from finished work ignores that
 * open items have already survived this long.
 */
export function openItemAges(history: BacktestHistory, report: BacktestReport): { ages: number[]; remaining: number[] } {
  const byId = new Map(history.items.map((i) => [i.id, i]));
  const ages: number[] = [];
  const remaining: number[] = [];
  for (const c of report.cases) {
    if (!c.target.startsWith('version ')) continue;
    const name = c.target.slice('version '.length);
    const at = new Date(`${c.asOf}T00:00:00Z`);
    for (const r of replayStateAt(history, at).items) {
      if (!r.fixVersions.has(name) || r.item.statusCategory === 'done') continue;
      const now = byId.get(r.item.id)!;
      ages.push((at.getTime() - now.createdAt.getTime()) / DAY);
      if (now.completedAt) remaining.push((now.completedAt.getTime() - at.getTime()) / DAY);
    }
  }
  return { ages, remaining };
}
