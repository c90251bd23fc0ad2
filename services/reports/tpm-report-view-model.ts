/**
 * The TPM weekly report as data: everything the email, its text alternative and the dashboard
 * page print, computed once from ProgramReportInputs. Pure: no I/O, no clock (generatedAt is "now").
 */
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import type { ColourThresholds, StatusColour } from '../risk/status-colour.js';
import type { DecisionRecord } from '../register/register-types.js';
import type { ProgramReportInputs, Raci, SnapshotSummary } from './report-inputs.js';
import { blockedByTeam, type BlockedTeamGroup } from './blocked-items.js';
import { dataQualityNotes, type DataQualityNote } from './data-quality-notes.js';
import { dataStaleness, type StalenessNotice } from './data-staleness.js';
import { writebackNotices, type WritebackRunView } from '../writeback/writeback-notes.js';
import { basisSentence } from '../forecast/wording.js';
import { dateConfidencePhrase } from './date-confidence-phrase.js';
import { decisionsNeeded, type DecisionRow } from './decisions.js';
import { COLOUR_HEX, absoluteUrl, colourLabel, dayInZone, formatDate, programPath } from './report-format.js';
import { indexById, toItemRow, type ItemRow } from './report-items.js';
import { riskRegisterView, type RiskRegisterView } from './risk-register-view.js';
import { teamMatrixView, type TeamMatrixView } from './team-matrix-view.js';
import { weekChanges, type WeekChanges } from './week-changes.js';
import { attributionLines } from '../whatif/scenario-text.js';

export interface ReportViewOptions {
  /** Colour thresholds, for the reference lines of the confidence trend chart. */
  readonly thresholds?: ColourThresholds;
  readonly staleAfterMinutes?: number;
}

export interface ProgramHeader {
  readonly name: string;
  readonly title: string;
  readonly owner: string;
  readonly targetDate: IsoDate | null;
  readonly raci: RaciLine | null;
}

export interface RaciLine {
  readonly accountable: string | null;
  readonly responsible: readonly { readonly area: string; readonly person: string }[];
  readonly consulted: readonly string[];
  readonly informed: readonly string[];
}

function raciLine(raci: Raci | undefined): RaciLine | null {
  if (!raci) return null;
  return {
    accountable: raci.accountable ?? null,
    responsible: Object.entries(raci.responsible)
      .map(([area, person]) => ({ area, person }))
      .sort((a, b) => a.area.localeCompare(b.area)),
    consulted: raci.consulted,
    informed: raci.informed,
  };
}

export interface ReportLinks {
  readonly programList: string;
  readonly program: string;
  readonly report: string;
}

export interface Headline {
  readonly colour: StatusColour;
  readonly colourLabel: string;
  readonly colourHex: string;
  /** "72% likely by the 15 July target; 85% likely by 19 July." */
  readonly sentence: string;
  readonly reasons: readonly string[];
}

export interface DateConfidence {
  readonly probability: number | null;
  readonly targetDate: IsoDate | null;
  readonly p50: IsoDate | null;
  readonly p85: IsoDate | null;
  readonly p95: IsoDate | null;
  readonly trials: number | null;
  readonly lowConfidence: string | null;
  /** "Based on 10–30 finished items of history per team over 6–26 weeks." */
  readonly basis: string | null;
  /** Deterministic CPM finish, for comparison with the forecast. */
  readonly cpmFinishDate: IsoDate;
}

export interface CriticalPathRow extends ItemRow {
  readonly position: number;
  readonly blocked: boolean;
}

export interface TpmReportView {
  /** Helpers format instants in this zone. */
  readonly timezone: string;
  readonly program: ProgramHeader;
  readonly period: string;
  readonly asOf: IsoDate;
  readonly generatedAt: IsoDateTime;
  readonly subject: string;
  readonly links: ReportLinks;
  readonly headline: Headline;
  readonly confidence: DateConfidence;
  readonly criticalPath: readonly CriticalPathRow[];
  readonly changes: WeekChanges | null;
  /** "+6 d: DATA-23 re-estimated 3 → 8 points", largest first; empty without an attribution. */
  readonly whyDateMoved: readonly string[];
  readonly risks: RiskRegisterView;
  readonly blockedByTeam: readonly BlockedTeamGroup[];
  readonly teamMatrix: TeamMatrixView;
  readonly decisions: readonly DecisionRow[];
  /** Data-quality notes: stale or failed syncs, failed tracker write-back. */
  /** Recorded decisions resolved since last week's snapshot. */
  readonly decidedThisWeek: readonly DecisionRecord[];
  readonly staleness: readonly StalenessNotice[];
  /** Per source: what the last sync dropped, sanitised or found truncated. */
  readonly dataQuality: readonly DataQualityNote[];
  /** The last write-back run (the dashboard lists what a dry run would write). */
  readonly writeBack: WritebackRunView | null;
  readonly history: readonly SnapshotSummary[];
  readonly cycleCount: number;
}

export function reportLinks(inputs: ProgramReportInputs): ReportLinks {
  const program = absoluteUrl(inputs.publicUrl, programPath(inputs.program.name));
  return { programList: absoluteUrl(inputs.publicUrl, '/'), program, report: `${program}/report` };
}

export function headlineOf(inputs: ProgramReportInputs): Headline {
  const { current, program } = inputs;
  return {
    colour: current.colour,
    colourLabel: colourLabel(current.colour),
    colourHex: COLOUR_HEX[current.colour],
    sentence: dateConfidencePhrase({
      targetDate: program.targetDate,
      forecast: current.forecast,
      cpmFinishDate: current.analysis.finishDate,
      today: dayInZone(inputs.generatedAt, program.timezone),
    }),
    reasons: current.reasons,
  };
}

export function buildTpmReportView(inputs: ProgramReportInputs, options: ReportViewOptions = {}): TpmReportView {
  const { program, current } = inputs;
  const byId = indexById(current.items);
  const forecast = current.forecast;
  const headline = headlineOf(inputs);
  const criticalPath = current.analysis.criticalPath
    .map((id) => byId.get(id))
    .filter((item) => item !== undefined)
    .map((item, index): CriticalPathRow => ({
      ...toItemRow(item),
      position: index + 1,
      blocked: item.statusCategory !== 'done' && item.blockedBy.length > 0,
    }));

  return {
    timezone: program.timezone,
    program: { name: program.name, title: program.title, owner: program.owner, targetDate: program.targetDate, raci: raciLine(program.raci) },
    period: current.period,
    asOf: current.asOf,
    generatedAt: inputs.generatedAt,
    subject: `${program.title} weekly report, ${formatDate(current.asOf)}: ${headline.colourLabel}`,
    links: reportLinks(inputs),
    headline,
    confidence: {
      probability: forecast?.probabilityOnTarget ?? null,
      targetDate: program.targetDate,
      p50: forecast?.p50 ?? null,
      p85: forecast?.p85 ?? null,
      p95: forecast?.p95 ?? null,
      trials: forecast?.trials ?? null,
      lowConfidence: forecast?.lowConfidence?.reason ?? null,
      basis: forecast ? basisSentence(forecast) : null,
      cpmFinishDate: current.analysis.finishDate,
    },
    criticalPath,
    changes: weekChanges(current, inputs.previous),
    whyDateMoved: inputs.attribution ? attributionLines(inputs.attribution) : [],
    risks: riskRegisterView(inputs.risks, byId, inputs.generatedAt, program.timezone),
    blockedByTeam: blockedByTeam(current.items, byId),
    teamMatrix: teamMatrixView(current.analysis.teamMatrix),
    decisions: decisionsNeeded(program, inputs.risks, program.owner, dayInZone(inputs.generatedAt, program.timezone), inputs.decisionLog),
    decidedThisWeek: inputs.decisionLog?.decidedThisWeek ?? [],
    staleness: [
      ...dataStaleness(inputs.sources, inputs.generatedAt, { staleAfterMinutes: options.staleAfterMinutes }),
      ...writebackNotices(inputs.writeBack),
    ],
    dataQuality: dataQualityNotes(inputs.sources),
    writeBack: inputs.writeBack ?? null,
    history: inputs.history,
    cycleCount: current.analysis.cycles.length,
  };
}
