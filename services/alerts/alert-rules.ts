/**
 * When a rebuild is worth an email before the weekly one: P85 moved by at least N working days,
 * the colour changed, confidence fell below a line. Pure: the caller supplies both rebuilds.
 */
import { z } from 'zod';

export const alertPrefsSchema = z
  .object({
    /** P85 moved (either way) by at least this many working days. */
    p85MovedDays: z.number().int().min(1).optional(),
    /** The status colour changed. */
    colourChange: z.boolean().optional(),
    /** Confidence of hitting the target crossed this line downwards (0..1). */
    confidenceBelow: z.number().gt(0).lt(1).optional(),
  })
  .strict();

export type AlertPrefs = z.infer<typeof alertPrefsSchema>;

export interface RebuildChange {
  readonly colour: { readonly from: string | null; readonly to: string };
  readonly confidence: { readonly from: number | null; readonly to: number | null };
  readonly p85: { readonly from: string | null; readonly to: string | null; readonly movedDays: number | null };
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** The reasons this change gives a subscriber with these preferences; empty: no alert. */
export function alertReasons(prefs: AlertPrefs, change: RebuildChange): string[] {
  const reasons: string[] = [];
  const moved = change.p85.movedDays;
  if (prefs.p85MovedDays !== undefined && moved !== null && Math.abs(moved) >= prefs.p85MovedDays) {
    reasons.push(`P85 moved ${moved > 0 ? 'later' : 'earlier'} by ${Math.abs(moved)} working days (${change.p85.from} → ${change.p85.to})`);
  }
  if (prefs.colourChange && change.colour.from !== null && change.colour.from !== change.colour.to) {
    reasons.push(`status changed from ${change.colour.from} to ${change.colour.to}`);
  }
  const { from, to } = change.confidence;
  if (prefs.confidenceBelow !== undefined && from !== null && to !== null && from >= prefs.confidenceBelow && to < prefs.confidenceBelow) {
    reasons.push(`confidence fell below ${percent(prefs.confidenceBelow)} (${percent(from)} → ${percent(to)})`);
  }
  return reasons;
}

const DAY_MS = 86_400_000;

/** At most one alert per subscriber per day, unless the program has just turned Red. */
export function alertAllowed(lastAlertAt: Date | null, now: Date, change: RebuildChange): boolean {
  const turnedRed = change.colour.to === 'red' && change.colour.from !== 'red';
  return turnedRed || lastAlertAt === null || now.getTime() - lastAlertAt.getTime() >= DAY_MS;
}
