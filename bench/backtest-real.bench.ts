/**
 * Seams' forecast replayed on real public Jira history (../shared/real-data, read at run time):
 * - Duraspace: the dataset served by the sandbox Jira, synced by the real connector into an
 *   in-memory PGlite, then `seams backtest`'s engine over every released version with a release
 *   date, as-of dates at 25/50/75% of each version's life, compared with the release date;
 * - Apache: a bug burn-down over every fix version with >= 10 fixed bugs (46 projects), the bugs
 *   of the version open at the as-of date vs their real resolution dates.
 * Prints the calibration table: share of real finishes on or before P10/P50/P85/P95 (target
 * 10/50/85/95%) and the P50 error in working days.
 */
import { resolve } from 'node:path';
import { loadBacktestHistory } from '../db/backtest-history.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDbSyncStore } from '../db/sync-store.js';
import { registerConfig } from '../services/app/register-config.js';
import { formatBacktestReport, hitRateLine } from '../services/backtest/backtest-format.js';
import type { BacktestScore, ScoredCase } from '../services/backtest/backtest-score.js';
import { summarizeScores } from '../services/backtest/backtest-score.js';
import { DEFAULT_FRACTIONS } from '../services/backtest/backtest-service.js';
import { runBacktest, type BacktestOptions } from '../services/backtest/run-backtest.js';
import { parseConfigFile, resolveCredentials } from '../services/config/load-config.js';
import { createSourceConnector } from '../services/connectors/connector-factory.js';
import { DEFAULT_CALENDAR } from '../services/graph/work-calendar.js';
import { createLogger } from '../services/logging/logger.js';
import { DATASET_SOURCE, startDatasetJira } from '../services/sandbox/real-data/dataset-trackers.js';
import { readDuraspaceDataset } from '../services/sandbox/real-data/duraspace-dataset.js';
import { readApacheProjects } from './apache-burn-down.js';
import { openItemAges, realDataDiagnostics } from './real-data-diagnostics.js';
import { median } from '../services/graph/order-stats.js';

const REAL_DATA = resolve(process.env.SEAMS_REAL_DATA ?? '../shared/real-data');
/** Seams' default forecast settings (config-schema.ts); fewer trials for the 2,600 Apache forecasts. */
const SETTINGS = { historyWeeks: 26, minFinishedItems: 8, seed: 42 } as const;

export default async function backtestReal(): Promise<Record<string, number | string>> {
  const base: Omit<BacktestOptions, 'dataEnd' | 'trials'> = {
    calendar: DEFAULT_CALENDAR,
    schedule: { fractions: DEFAULT_FRACTIONS },
    ...SETTINGS,
  };

  const started = performance.now();
  const dataset = await readDuraspaceDataset(REAL_DATA);
  const site = await startDatasetJira(dataset);
  const handle = openDatabase({ dataDir: 'memory://' });
  let duraspace;
  let duraspaceLarge: BacktestScore = summarizeScores([]);
  let duraspaceLargeVersions = 0;
  let diagnostics: Record<string, string> = {};
  try {
    await migrateToLatest(handle.db);
    const file = parseConfigFile({ sources: [site.source] }, 'duraspace dataset');
    await registerConfig(handle.db, file);
    await createSourceConnector(
      { sources: file.sources, credentials: resolveCredentials(file, site.env, 'duraspace dataset'), store: createDbSyncStore(handle.db), logger: createLogger({ level: 'silent' }) },
      DATASET_SOURCE,
    ).sync({ mode: 'full' });
    const stored = await loadBacktestHistory(handle.db);
    const targets = stored.history.versions
      .filter((v) => v.releaseDate !== null)
      .map((v) => ({ kind: 'version' as const, name: v.name, releaseDate: v.releaseDate }));
    duraspace = runBacktest(stored.history, targets, { ...base, trials: 10_000, dataEnd: stored.dataEnd.toISOString().slice(0, 10) }, stored.missingHistory);
    // The subset comparable with the issue's outside replay: versions with >= 10 resolved issues.
    const resolved = new Map<string, number>();
    for (const item of stored.history.items) if (item.completedAt) for (const v of item.fixVersions) resolved.set(v, (resolved.get(v) ?? 0) + 1);
    const large = new Set(targets.filter((t) => (resolved.get(t.name) ?? 0) >= 10).map((t) => `version ${t.name}`));
    duraspaceLarge = summarizeScores(duraspace.cases.filter((c) => large.has(c.target)));
    diagnostics = realDataDiagnostics(stored.history, duraspace);
    duraspaceLargeVersions = new Set(duraspace.cases.filter((c) => large.has(c.target)).map((c) => c.target)).size;
  } finally {
    await handle.close();
    await site.close();
  }
  const duraspaceSeconds = (performance.now() - started) / 1000;
  console.log(`\n${formatBacktestReport('Duraspace released versions (synced through the sandbox Jira)', duraspace, { maxRows: 60 })}`);
  console.log(`\nDuraspace by distance to the real release (working days):\n  ${byHorizon(duraspace.cases)}`);
  console.log('\nDuraspace diagnostics (what the model assumes vs what the history shows):');
  for (const [name, value] of Object.entries(diagnostics)) console.log(`  ${name.padEnd(44)} ${value}`);
  console.log(`\nDuraspace versions with >= 10 resolved issues: ${duraspaceLarge.cases} forecasts of ${duraspaceLargeVersions} versions.`);
  console.log(`  Real finishes on or before: ${hitRateLine(duraspaceLarge)}; median P50 error ${duraspaceLarge.medianErrorP50 ?? '-'} working days`);

  const apacheStarted = performance.now();
  const apacheCases: ScoredCase[] = [];
  const apacheRaw: BacktestScore[] = [];
  let apacheSkipped = 0;
  const ages: number[] = [];
  const remaining: number[] = [];
  const leadTimes: number[] = [];
  for (const project of await readApacheProjects(REAL_DATA)) {
    const report = runBacktest(project.history, project.targets, { ...base, trials: 2_000, dataEnd: '2018-12-31' });
    apacheCases.push(...report.cases);
    apacheRaw.push(report.uncalibrated);
    apacheSkipped += report.skipped.length;
    const open = openItemAges(project.history, report);
    ages.push(...open.ages);
    remaining.push(...open.remaining);
    for (const i of project.history.items) leadTimes.push((i.completedAt!.getTime() - i.createdAt.getTime()) / 86_400_000);
  }
  const apache = summarizeScores(apacheCases);
  const apacheSeconds = (performance.now() - apacheStarted) / 1000;
  console.log(`\nApache bug burn-down: ${apache.cases} forecasts, ${apacheSkipped} not scored.`);
  console.log(`  Real finishes on or before: ${hitRateLine(apache)}; the simulation alone (before recalibration by each project's earlier outcomes): ${pooledHitRates(apacheRaw)}`);
  console.log(`  Open bugs at the as-of dates: median age ${(median(ages) ?? NaN).toFixed(0)} days, then really took a median ${(median(remaining) ?? NaN).toFixed(0)} more; median lead time of all fixed bugs ${(median(leadTimes) ?? NaN).toFixed(1)} days.`);
  console.log(`  Reliability: ${apache.reliability.map((r) => `${Math.round(r.claimed * 100)}%->${Math.round(r.observed * 100)}%`).join('  ')}`);

  return {
    ...metrics('duraspace', duraspace.summary),
    ...metrics('duraspace >=10 resolved', duraspaceLarge),
    'duraspace seconds (sync + replay)': duraspaceSeconds.toFixed(1),
    ...metrics('apache', apache),
    'apache seconds': apacheSeconds.toFixed(1),
  };
}

function metrics(name: string, s: BacktestScore): Record<string, number | string> {
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${Math.round(x * 100)}%`);
  return {
    [`${name} forecasts scored`]: s.cases,
    [`${name} finishes <= P10 (target 10%)`]: pct(s.hitRates?.p10),
    [`${name} finishes <= P50 (target 50%)`]: pct(s.hitRates?.p50),
    [`${name} finishes <= P85 (target 85%)`]: pct(s.hitRates?.p85),
    [`${name} finishes <= P95 (target 95%)`]: pct(s.hitRates?.p95),
    [`${name} median P50 error (working days)`]: s.medianErrorP50 ?? '-',
    [`${name} median |P50 error| (working days)`]: s.medianAbsErrorP50 ?? '-',
  };
}

/** Hit rates of several reports' forecasts taken together. */
function pooledHitRates(scores: readonly BacktestScore[]): string {
  const n = scores.reduce((sum, s) => sum + s.cases, 0);
  const rate = (pick: (h: NonNullable<BacktestScore['hitRates']>) => number) =>
    `${Math.round((100 * scores.reduce((sum, s) => sum + (s.hitRates ? pick(s.hitRates) * s.cases : 0), 0)) / Math.max(1, n))}%`;
  return `P10 ${rate((h) => h.p10)}  P50 ${rate((h) => h.p50)}  P85 ${rate((h) => h.p85)}  P95 ${rate((h) => h.p95)}`;
}

/** Hit rates by how far the real finish was: short horizons are mostly time-boxed sprints. */
function byHorizon(cases: readonly ScoredCase[]): string {
  const bands: [string, number][] = [['<= 5', 5], ['6-20', 20], ['21-60', 60], ['> 60', Infinity]];
  return bands
    .map(([label, upTo], i) => {
      const from = i === 0 ? -Infinity : bands[i - 1]![1];
      const inBand = cases.filter((c) => c.actualWorkingDays > from && c.actualWorkingDays <= upTo);
      return `${label}: ${inBand.length} forecasts, ${hitRateLine(summarizeScores(inBand))}`;
    })
    .join('\n  ');
}
