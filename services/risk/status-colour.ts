/**
 * The program's status colour from date confidence, risks and the previous weekly colours.
 * Green: confidence >= green threshold and no critical risk. Red: confidence below the red
 * threshold, or a blocked critical path needing escalation. Yellow otherwise — and Yellow two
 * weekly snapshots running becomes Red.
 */
import { z } from 'zod';
import type { IsoDate, WorkCalendar } from '../graph/graph-types.js';
import { WorkingDays } from '../graph/work-calendar.js';
import { byPhrase } from './need-by.js';
import type { RiskSignal } from './risk-types.js';

export type StatusColour = 'green' | 'yellow' | 'red';

export const colourThresholdsSchema = z
  .object({
    /** Confidence (0..1) at or above which a program without critical risks is Green. */
    greenConfidence: z.number().min(0).max(1).default(0.8),
    /** Confidence below which a program is Red. */
    redConfidence: z.number().min(0).max(1).default(0.5),
  })
  .refine((t) => t.redConfidence <= t.greenConfidence, 'redConfidence must not exceed greenConfidence');

export type ColourThresholds = z.output<typeof colourThresholdsSchema>;

export const DEFAULT_COLOUR_THRESHOLDS: ColourThresholds = Object.freeze(colourThresholdsSchema.parse({}));

export interface PreviousColour {
  readonly colour: StatusColour;
  /** The colour before the two-weeks escalation, when the snapshot stored it. */
  readonly baseColour?: StatusColour;
}

/** The target and confidence of the previous weekly snapshot, to explain a move of the target. */
export interface PreviousTarget {
  readonly targetDate: IsoDate | null;
  readonly confidence: number | null;
}

export interface StatusColourInputs {
  /** Share of forecast trials on or before the target (0..1); null without a forecast. */
  readonly confidence: number | null;
  readonly targetDate: IsoDate | null;
  readonly asOf: IsoDate;
  readonly programOwner: string;
  readonly risks: readonly RiskSignal[];
  /** Colours of the previous weekly snapshots, oldest first. */
  readonly previous: readonly PreviousColour[];
  readonly thresholds?: Partial<ColourThresholds>;
  /** Last week's target and confidence: when the target moved, the reasons say so first. */
  readonly previousTarget?: PreviousTarget | null;
  /** The program's calendar, for "overdue since D (N working days)". */
  readonly calendar?: WorkCalendar;
}

export interface StatusColourResult {
  readonly colour: StatusColour;
  /** The colour before the two-weeks escalation; store it with the snapshot. */
  readonly baseColour: StatusColour;
  readonly escalated: boolean;
  /** Why, most serious first: sentences with owner and date. */
  readonly reasons: readonly string[];
}

export function statusColour(inputs: StatusColourInputs): StatusColourResult {
  const thresholds = colourThresholdsSchema.parse(inputs.thresholds ?? {});
  const { confidence, asOf, programOwner } = inputs;
  const workingDays = new WorkingDays(inputs.calendar);
  const by = (risk: RiskSignal): string => (risk.needBy === null ? '' : ` ${byPhrase(risk.needBy, asOf, workingDays)}`);
  const target = inputs.targetDate === null ? 'the target' : `the ${inputs.targetDate} target`;
  const red: string[] = [];
  const yellow: string[] = [];

  if (confidence !== null) {
    const shown = `Date confidence is ${percent(confidence)} for ${target}`;
    if (confidence < thresholds.redConfidence) {
      red.push(`${shown}, below the ${percent(thresholds.redConfidence)} Red threshold (owner: ${programOwner}, as of ${asOf}).`);
    } else if (confidence < thresholds.greenConfidence) {
      yellow.push(`${shown}, below the ${percent(thresholds.greenConfidence)} Green threshold (owner: ${programOwner}, as of ${asOf}).`);
    }
  }
  for (const risk of inputs.risks) {
    if (risk.severity !== 'critical') continue;
    if (risk.rule === 'blocked') red.push(`${risk.title}: needs escalation${by(risk)} (owner: ${risk.owner}).`);
    else yellow.push(`${risk.title}${by(risk)} (owner: ${risk.owner}).`);
  }

  const baseColour: StatusColour = red.length > 0 ? 'red' : yellow.length > 0 ? 'yellow' : 'green';
  const last = inputs.previous[inputs.previous.length - 1];
  const escalated = baseColour === 'yellow' && (last?.baseColour ?? last?.colour) === 'yellow';
  const reasons = [...red, ...yellow];
  const moved = targetMoveReason(inputs);
  if (moved !== null) reasons.unshift(moved);
  if (escalated) {
    reasons.unshift(`Yellow for two consecutive weekly snapshots, so Red: escalate (owner: ${programOwner}, as of ${asOf}).`);
  }
  if (baseColour === 'green') {
    reasons.push(
      confidence === null
        ? `No critical risks; no date forecast yet (owner: ${programOwner}, as of ${asOf}).`
        : `Date confidence is ${percent(confidence)} for ${target} with no critical risks (owner: ${programOwner}, as of ${asOf}).`,
    );
  }
  return { colour: escalated ? 'red' : baseColour, baseColour, escalated, reasons };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * A confidence change that comes from moving the goalposts is not progress: say so, so nobody
 * reads Red 44% → Green 98% as the work speeding up.
 */
function targetMoveReason(inputs: StatusColourInputs): string | null {
  const before = inputs.previousTarget;
  if (!before || before.targetDate === inputs.targetDate) return null;
  const from = before.targetDate ?? 'no target';
  const to = inputs.targetDate ?? 'no target';
  const change = `the target moved from ${from} to ${to} (config change)`;
  if (before.confidence === null || inputs.confidence === null) return `Date confidence is measured against a new target: ${change} (owner: ${inputs.programOwner}).`;
  const delta = Math.round((inputs.confidence - before.confidence) * 100);
  const direction = delta > 0 ? 'rose' : delta < 0 ? 'fell' : 'stayed';
  const move = delta === 0 ? `at ${percent(inputs.confidence)}` : `from ${percent(before.confidence)} to ${percent(inputs.confidence)}`;
  return `Date confidence ${direction} ${move} because ${change}, not because the work ${delta > 0 ? 'sped up' : delta < 0 ? 'slowed down' : 'changed'} (owner: ${inputs.programOwner}).`;
}
