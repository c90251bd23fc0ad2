/**
 * The leadership email as data. Its first paragraph alone answers "will we hit the date?":
 * the forecast phrase, then the decisions owed (with owners and the earliest due date), then
 * critical risks. Everything else in the email supports that paragraph.
 */
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import type { ProgramReportInputs } from './report-inputs.js';
import type { TrendPoint } from './chart-specs.js';
import { decisionsNeeded, type DecisionRow } from './decisions.js';
import { countWord, dayInZone, formatDay, formatPercent, lowerFirst } from './report-format.js';
import { indexById } from './report-items.js';
import { riskRegisterView, type RiskRow } from './risk-register-view.js';
import { headlineOf, reportLinks, type DateConfidence, type Headline, type ProgramHeader } from './tpm-report-view-model.js';

export interface LeadershipView {
  readonly timezone: string;
  readonly program: ProgramHeader;
  readonly asOf: IsoDate;
  readonly generatedAt: IsoDateTime;
  readonly subject: string;
  readonly firstParagraph: string;
  readonly headline: Headline;
  readonly confidence: Pick<DateConfidence, 'probability' | 'targetDate' | 'p50' | 'p85' | 'p95'>;
  readonly topRisks: readonly RiskRow[];
  readonly decisions: readonly DecisionRow[];
  readonly trend: readonly TrendPoint[];
  readonly dashboardUrl: string;
}

/** Decisions named in the first paragraph; the rest are counted so it stays phone-sized. */
const DECISIONS_IN_SENTENCE = 3;

export function decisionsSentence(decisions: readonly DecisionRow[]): string {
  if (decisions.length === 0) return 'No decisions needed this week.';
  const noun = decisions.length === 1 ? 'decision' : 'decisions';
  const due = decisions.map((d) => d.dueDate).filter((d): d is IsoDate => d !== null).sort()[0];
  const named = decisions.slice(0, DECISIONS_IN_SENTENCE).map((d) => `${lowerFirst(d.title.replace(/[.\s]+$/, ''))} (${d.owner})`);
  const more = decisions.length - named.length;
  const list = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
  return `${countWord(decisions.length, true)} ${noun} needed${due ? ` by ${formatDay(due)}` : ''}: ${list}.`;
}

export function criticalRisksSentence(critical: readonly RiskRow[]): string | null {
  if (critical.length === 0) return null;
  const first = critical[0]!;
  const owner = first.owner ? ` (${first.owner})` : '';
  if (critical.length === 1) return `Critical risk: ${lowerFirst(first.title.replace(/[.\s]+$/, ''))}${owner}.`;
  return `${countWord(critical.length, true)} critical risks, the first: ${lowerFirst(first.title.replace(/[.\s]+$/, ''))}${owner}.`;
}

export function buildLeadershipView(inputs: ProgramReportInputs): LeadershipView {
  const { program, current } = inputs;
  const headline = headlineOf(inputs);
  const register = riskRegisterView(inputs.risks, indexById(current.items), inputs.generatedAt, program.timezone);
  const decisions = decisionsNeeded(program, inputs.risks, program.owner, inputs.decisionLog);
  const critical = register.active.filter((r) => r.severity === 'critical');
  const firstParagraph = [headline.sentence, decisionsSentence(decisions), criticalRisksSentence(critical)]
    .filter((s) => s !== null)
    .join(' ');
  const forecast = current.forecast;
  const confidence = forecast?.probabilityOnTarget ?? null;
  const target = program.targetDate === null ? 'no target date' : formatDay(program.targetDate);
  return {
    timezone: program.timezone,
    program: { name: program.name, title: program.title, owner: program.owner, targetDate: program.targetDate, raci: null },
    asOf: current.asOf,
    generatedAt: inputs.generatedAt,
    subject: `${program.title}: ${headline.colourLabel}, ${formatPercent(confidence)} confidence for ${target}`,
    firstParagraph,
    headline,
    confidence: {
      probability: confidence,
      targetDate: program.targetDate,
      p50: forecast?.p50 ?? null,
      p85: forecast?.p85 ?? null,
      p95: forecast?.p95 ?? null,
    },
    topRisks: register.active.slice(0, 3),
    decisions,
    trend: inputs.history
      .filter((h) => h.confidence !== null)
      .map((h) => ({ date: dayInZone(h.takenAt, program.timezone), confidence: h.confidence ?? 0 })),
    dashboardUrl: reportLinks(inputs).program,
  };
}
