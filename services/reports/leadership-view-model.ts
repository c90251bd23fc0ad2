/**
 * The leadership email as data. Its first paragraph alone answers "will we hit the date?":
 * the forecast phrase, then the decisions owed (each with its owner and its own date, overdue
 * ones marked), then critical risks. Top risks are those that explain the most slip of the
 * target, cross-team first. Everything else in the email supports that paragraph.
 */
import type { IsoDate, IsoDateTime } from '../graph/graph-types.js';
import { trackRecordSentence } from '../backtest/track-record.js';
import type { ProgramReportInputs } from './report-inputs.js';
import { trendPoints, type TrendPoint } from './trend.js';
import { decisionsNeeded, type DecisionRow } from './decisions.js';
import { countWord, dayInZone, formatDay, lowerFirst, needByPhrase } from './report-format.js';
import { indexById } from './report-items.js';
import { riskRegisterView, topRisksByImpact, type RiskRow } from './risk-register-view.js';
import { weekChanges } from './week-changes.js';
import { headlineOf, reportLinks, type DateConfidence, type Headline, type ProgramHeader } from './tpm-report-view-model.js';

export interface LeadershipView {
  readonly timezone: string;
  readonly program: ProgramHeader;
  readonly asOf: IsoDate;
  readonly generatedAt: IsoDateTime;
  readonly subject: string;
  readonly firstParagraph: string;
  /** One line on how often Seams' past 85% dates held for these teams; null when never measured. */
  readonly trackRecord: string | null;
  readonly headline: Headline;
  readonly confidence: Pick<DateConfidence, 'probability' | 'targetDate' | 'p50' | 'p85' | 'p95'>;
  readonly topRisks: readonly RiskRow[];
  readonly decisions: readonly DecisionRow[];
  readonly trend: readonly TrendPoint[];
  readonly dashboardUrl: string;
}

/** Decisions named in the first paragraph; the rest are counted so it stays phone-sized. */
const DECISIONS_IN_SENTENCE = 3;

/**
 * "Two decisions needed by 1 June: …" when they share one date; otherwise each decision carries
 * its own ("by 10 December", "overdue since 18 November (10 working days)"). Never one date for
 * decisions due on different days, and never a date already gone without saying it is overdue.
 */
export function decisionsSentence(decisions: readonly DecisionRow[], today: IsoDate): string {
  if (decisions.length === 0) return 'No decisions needed this week.';
  const noun = decisions.length === 1 ? 'decision' : 'decisions';
  const dates = new Set(decisions.map((d) => d.dueDate));
  const shared = dates.size === 1 ? decisions[0]!.dueDate : null;
  const sharedPhrase = shared !== null && shared >= today ? ` by ${formatDay(shared)}` : '';
  const named = decisions.slice(0, DECISIONS_IN_SENTENCE).map((d) => {
    const when = d.dueDate === null || sharedPhrase !== '' ? '' : `, ${needByPhrase(d.dueDate, today, formatDay)}`;
    return `${lowerFirst(d.title.replace(/[.\s]+$/, ''))} (${d.owner}${when})`;
  });
  const more = decisions.length - named.length;
  const list = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
  return `${countWord(decisions.length, true)} ${noun} needed${sharedPhrase}: ${list}.`;
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
  const today = dayInZone(inputs.generatedAt, program.timezone);
  const decisions = decisionsNeeded(program, inputs.risks, program.owner, today, inputs.decisionLog);
  const critical = register.active.filter((r) => r.severity === 'critical');
  // A moved target changes what the confidence means: leadership hears it in the same breath.
  const targetMove = weekChanges(current, inputs.previous)?.target.sentence ?? null;
  const firstParagraph = [headline.sentence, targetMove, decisionsSentence(decisions, today), criticalRisksSentence(critical)]
    .filter((s) => s !== null)
    .join(' ');
  const forecast = current.forecast;
  const confidence = forecast?.probabilityOnTarget ?? null;
  return {
    timezone: program.timezone,
    program: { name: program.name, title: program.title, owner: program.owner, targetDate: program.targetDate, raci: null },
    asOf: current.asOf,
    generatedAt: inputs.generatedAt,
    // The same words as the first paragraph, so subject and email never disagree.
    subject: `${program.title}: ${headline.colourLabel}, ${lowerFirst(headline.sentence.replace(/\.$/, ''))}`,
    firstParagraph,
    trackRecord: inputs.trackRecord ? trackRecordSentence(inputs.trackRecord) : null,
    headline,
    confidence: {
      probability: confidence,
      targetDate: program.targetDate,
      p50: forecast?.p50 ?? null,
      p85: forecast?.p85 ?? null,
      p95: forecast?.p95 ?? null,
    },
    topRisks: topRisksByImpact(register.active),
    decisions,
    trend: trendPoints(inputs.history, program.timezone),
    dashboardUrl: reportLinks(inputs).program,
  };
}
