import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hitRateLine } from '../services/backtest/backtest-format.js';
import { summarizeScores, type ScoredCase } from '../services/backtest/backtest-score.js';
import { DEFAULT_FRACTIONS } from '../services/backtest/backtest-service.js';
import { runBacktest } from '../services/backtest/run-backtest.js';
import { DEFAULT_CALENDAR } from '../services/graph/work-calendar.js';
import { readApacheProjects } from './apache-burn-down.js';
const T = Number(process.env.T ?? 2000);
const revive = (_k: string, v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) ? new Date(v) : v);
const d = JSON.parse(readFileSync('/tmp/bt/duraspace.json', 'utf8'), revive);
const base = { calendar: DEFAULT_CALENDAR, schedule: { fractions: DEFAULT_FRACTIONS }, historyWeeks: 26, minFinishedItems: 8, seed: 42 };
const targets = d.history.versions.filter((v: any) => v.releaseDate !== null).map((v: any) => ({ kind: 'version' as const, name: v.name, releaseDate: v.releaseDate }));
const t0 = performance.now();
const r = runBacktest(d.history, targets, { ...base, trials: T, dataEnd: new Date(d.dataEnd).toISOString().slice(0, 10) }, new Set(d.missing));
function horizon(cases: readonly ScoredCase[]) {
  const bands: [string, number][] = [['<=5', 5], ['6-20', 20], ['21-60', 60], ['>60', Infinity]];
  return bands.map(([l, u], i) => { const f = i === 0 ? -Infinity : bands[i - 1]![1]; const c = cases.filter((x) => x.actualWorkingDays > f && x.actualWorkingDays <= u); return `${l}: n=${c.length} ${hitRateLine(summarizeScores(c))}`; }).join('\n  ');
}
const s = r.summary;
console.log(`DURA n=${s.cases} ${hitRateLine(s)} med ${s.medianErrorP50} abs ${s.medianAbsErrorP50} (${((performance.now() - t0) / 1000).toFixed(1)}s)\n  ${horizon(r.cases)}`);
if (process.env.A !== '0') {
  const all: ScoredCase[] = [];
  const t1 = performance.now();
  for (const p of await readApacheProjects(resolve('../shared/real-data'))) all.push(...runBacktest(p.history, p.targets, { ...base, trials: 500, dataEnd: '2018-12-31' }).cases);
  const a = summarizeScores(all);
  console.log(`APACHE n=${a.cases} ${hitRateLine(a)} med ${a.medianErrorP50} abs ${a.medianAbsErrorP50} (${((performance.now() - t1) / 1000).toFixed(1)}s)\n  ${horizon(all)}`);
}
if (process.env.DUMP) { const { writeFileSync } = await import('node:fs'); writeFileSync(process.env.DUMP, JSON.stringify(r.cases.map((c: any) => ({ t: c.target, asOf: c.asOf, act: c.actualWorkingDays, p50: c.p50WorkingDays, open: c.openItems, scope: c.scopeItems, share: c.releaseScope?.share ?? null, hits: c.hits, dates: c.dates, actual: c.actual })))); }
