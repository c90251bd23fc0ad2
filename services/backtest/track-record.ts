/**
 * A program's track record, from a backtest of its teams' past releases and epics: per target
 * the forecast made halfway through it, whether its 85% date was met, and the sentence the
 * leadership email carries. Below a minimum number of releases it says there is too little
 * history instead of quoting a number. Pure.
 */
import type { IsoDate } from '../graph/graph-types.js';
import type { ReliabilityRow } from './backtest-score.js';
import type { BacktestReport } from './run-backtest.js';

/** Fewer scored releases than this make a hit rate meaningless (one miss moves it 20 points). */
export const MIN_RELEASES = 5;
/** Share of releases finished by their 50% date outside which the dates are called late or early. */
const CALIBRATED_P50_BAND = [0.25, 0.75] as const;

export interface PastForecast {
  readonly target: string;
  readonly asOf: IsoDate;
  readonly p50: IsoDate;
  readonly p85: IsoDate;
  readonly actual: IsoDate;
  readonly metP50: boolean;
  readonly metP85: boolean;
}

export interface TrackRecord {
  readonly teams: readonly string[];
  /** Releases and epics with a scored forecast, and how many of them met their 85% date. */
  readonly releases: number;
  readonly metP85: number;
  /** Every scored forecast (several as-of dates per release) and its reliability table. */
  readonly forecasts: number;
  readonly reliability: readonly ReliabilityRow[];
  readonly medianErrorP50: number | null;
  /** The halfway forecast of each release, oldest release first. */
  readonly past: readonly PastForecast[];
  /**
   * Per scored forecast, the probability the simulation gave to finishing before the real
   * finish: what recalibrates the program's live forecast (recalibration.ts). Absent in records
   * stored before it was kept.
   */
  readonly pits?: readonly number[];
}

export function buildTrackRecord(report: BacktestReport, teams: readonly string[]): TrackRecord {
  const byTarget = new Map<string, BacktestReport['cases'][number][]>();
  for (const c of report.cases) byTarget.set(c.target, [...(byTarget.get(c.target) ?? []), c]);
  const past: PastForecast[] = [...byTarget.values()]
    .map((cases) => {
      const sorted = [...cases].sort((a, b) => (a.asOf < b.asOf ? -1 : 1));
      const c = sorted[Math.floor((sorted.length - 1) / 2)]!;
      return { target: c.target, asOf: c.asOf, p50: c.dates.p50, p85: c.dates.p85, actual: c.actual, metP50: c.hits.p50, metP85: c.hits.p85 };
    })
    .sort((a, b) => (a.actual < b.actual ? -1 : a.actual > b.actual ? 1 : a.target < b.target ? -1 : 1));
  return {
    teams: [...teams],
    releases: past.length,
    metP85: past.filter((p) => p.metP85).length,
    forecasts: report.summary.cases,
    reliability: report.summary.reliability,
    medianErrorP50: report.summary.medianErrorP50,
    past,
    pits: report.cases.map((c) => c.pit),
  };
}

/** "Seams' 85% dates were met on 10 of 12 past releases of these teams." or why there is no number. */
export function trackRecordSentence(record: TrackRecord): string {
  const what = record.past.some((p) => p.target.startsWith('epic ')) ? 'past releases and epics' : 'past releases';
  if (record.releases < MIN_RELEASES) {
    return `Too little history for a track record yet: Seams could check its forecasts on ${record.releases} ${what.replace('past ', '')} of these teams (it needs ${MIN_RELEASES}).`;
  }
  const sentence = `Seams' 85% dates were met on ${record.metP85} of ${record.releases} ${what} of these teams`;
  // A hit rate alone hides a forecast that is safe only because it is late: say so.
  const metP50 = record.past.filter((p) => p.metP50).length;
  if (metP50 / record.releases > CALIBRATED_P50_BAND[1]) return `${sentence}, but its dates run late: ${metP50} of ${record.releases} finished before even the 50% date.`;
  if (metP50 / record.releases < CALIBRATED_P50_BAND[0]) return `${sentence}, but its dates run early: only ${metP50} of ${record.releases} finished by the 50% date.`;
  return `${sentence}.`;
}
