/**
 * The program's status colour from date confidence, risks and the previous weekly colours.
 * Green: confidence >= green threshold and no critical risk. Red: confidence below the red
 * threshold, or a blocked critical path needing escalation. Yellow otherwise — and Yellow two
 * weekly snapshots running becomes Red.
 */
import { z } from 'zod';
import type { IsoDate } from '../graph/graph-types.js';
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

function by(risk: RiskSignal): string {
  return risk.needBy === null ? '' : ` by ${risk.needBy}`;
}
