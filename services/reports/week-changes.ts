/**
 * "Changes since last week": items that appeared, closed, left the scope or slipped, how the
 * headline moved, and whether the plan itself (target date, scope definition) was changed.
 */
import type { IsoDate } from '../graph/graph-types.js';
import type { StatusColour } from '../risk/status-colour.js';
import type { SnapshotData } from './report-inputs.js';
import { daysBetween, formatDay, percentagePoints } from './report-format.js';
import { byKey, indexById, toItemRow, type ItemRow } from './report-items.js';

export interface SlippedItem extends ItemRow {
  readonly previousFinishDate: IsoDate;
  /** Calendar days later than last week. */
  readonly slipDays: number;
}

export interface WeekChanges {
  readonly previousPeriod: string;
  readonly newItems: readonly ItemRow[];
  readonly closedItems: readonly ItemRow[];
  /** In last week's snapshot but no longer in the program's scope. */
  readonly removedItems: readonly ItemRow[];
  /** Open items whose CPM finish date moved later, biggest slip first. */
  readonly slippedItems: readonly SlippedItem[];
  readonly colour: { readonly from: StatusColour; readonly to: StatusColour; readonly changed: boolean };
  readonly confidence: { readonly from: number | null; readonly to: number | null; readonly deltaPoints: number | null };
  readonly p85: { readonly from: IsoDate | null; readonly to: IsoDate | null; readonly deltaDays: number | null };
  /** The target in the config moved: "Target moved from 22 Feb to 5 Apr (config change)." */
  readonly target: { readonly from: IsoDate | null; readonly to: IsoDate | null; readonly changed: boolean; readonly sentence: string | null };
  /** The scope definition in the config changed (not just items moving in or out of it). */
  readonly scopeDefinitionChanged: boolean;
  readonly hasItemChanges: boolean;
}

function targetSentence(from: IsoDate | null, to: IsoDate | null): string {
  if (from === null) return `Target set to ${formatDay(to as IsoDate)} (config change).`;
  if (to === null) return `Target ${formatDay(from)} removed (config change).`;
  return `Target moved from ${formatDay(from)} to ${formatDay(to)} (config change).`;
}

export function weekChanges(current: SnapshotData, previous: SnapshotData | null): WeekChanges | null {
  if (previous === null) return null;
  const before = indexById(previous.items);
  const now = indexById(current.items);

  const newItems: ItemRow[] = [];
  const closedItems: ItemRow[] = [];
  const slippedItems: SlippedItem[] = [];
  for (const item of current.items) {
    const old = before.get(item.id);
    if (!old) {
      newItems.push(toItemRow(item));
      continue;
    }
    if (item.statusCategory === 'done') {
      if (old.statusCategory !== 'done') closedItems.push(toItemRow(item));
      continue;
    }
    const slipDays = daysBetween(old.finishDate, item.finishDate);
    if (slipDays > 0) slippedItems.push({ ...toItemRow(item), previousFinishDate: old.finishDate, slipDays });
  }
  const removedItems = previous.items.filter((item) => !now.has(item.id)).map(toItemRow);

  const confidenceNow = current.forecast?.probabilityOnTarget ?? null;
  const confidenceBefore = previous.forecast?.probabilityOnTarget ?? null;
  const p85Now = current.forecast?.p85 ?? null;
  const p85Before = previous.forecast?.p85 ?? null;
  const targetBefore = previous.plan.targetDate;
  const targetNow = current.plan.targetDate;
  const targetChanged = targetBefore !== targetNow;

  return {
    previousPeriod: previous.period,
    newItems: newItems.sort(byKey),
    closedItems: closedItems.sort(byKey),
    removedItems: removedItems.sort(byKey),
    slippedItems: slippedItems.sort((a, b) => b.slipDays - a.slipDays || byKey(a, b)),
    colour: { from: previous.colour, to: current.colour, changed: previous.colour !== current.colour },
    confidence: {
      from: confidenceBefore,
      to: confidenceNow,
      deltaPoints: confidenceBefore === null || confidenceNow === null ? null : percentagePoints(confidenceBefore, confidenceNow),
    },
    p85: { from: p85Before, to: p85Now, deltaDays: p85Before === null || p85Now === null ? null : daysBetween(p85Before, p85Now) },
    target: {
      from: targetBefore,
      to: targetNow,
      changed: targetChanged,
      sentence: targetChanged ? targetSentence(targetBefore, targetNow) : null,
    },
    scopeDefinitionChanged:
      previous.plan.scope !== null && current.plan.scope !== null && JSON.stringify(previous.plan.scope) !== JSON.stringify(current.plan.scope),
    hasItemChanges: newItems.length + closedItems.length + removedItems.length + slippedItems.length > 0,
  };
}
