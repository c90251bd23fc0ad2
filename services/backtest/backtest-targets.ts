/**
 * What a backtest replays: each target's life (when work on it began, when it really finished)
 * and the as-of dates inside that life. Pure.
 */
import type { IsoDate } from '../graph/graph-types.js';
import { dayNumberToIso, isoToDayNumber } from '../graph/work-calendar.js';
import type { BacktestHistory, BacktestTarget, ItemHistory } from './backtest-types.js';
import { fixVersionsAt } from './replay-state.js';

export type Schedule =
  /** As-of dates every `everyDays` calendar days from `since` (or the target's start). */
  | { readonly everyDays: number; readonly since: IsoDate | null }
  /** As-of dates at these fractions of each target's life (e.g. 25/50/75%). */
  | { readonly fractions: readonly number[] };

export interface TargetLife {
  /** First day the target held any item. */
  readonly start: IsoDate;
  /** The release date, else the last completion of any item ever in the target; null while work is open. */
  readonly end: IsoDate | null;
}

export function targetLabel(target: BacktestTarget): string {
  return target.kind === 'version' ? `version ${target.name}` : `epic ${target.key}`;
}

/** Whether the item belongs to the target at some point of its history. */
export function everInTarget(item: ItemHistory, target: BacktestTarget): boolean {
  if (target.kind === 'epic') return item.epic === target.key || item.key === target.key;
  return item.fixVersions.includes(target.name) || item.fieldChanges.some((c) => c.field === 'fixVersion' && (c.to === target.name || c.from === target.name));
}

export function targetLife(history: BacktestHistory, target: BacktestTarget): TargetLife | null {
  let start = Infinity;
  let lastDone = -Infinity;
  let open = false;
  for (const item of history.items) {
    if (!everInTarget(item, target)) continue;
    start = Math.min(start, joinedAt(item, target));
    if (item.completedAt) lastDone = Math.max(lastDone, item.completedAt.getTime());
    else if (target.kind === 'epic' || item.fixVersions.includes(target.name)) open = true;
  }
  if (start === Infinity) return null;
  const startDay = dayNumberToIso(Math.floor(start / 86_400_000));
  if (target.kind === 'version' && target.releaseDate !== null) return { start: startDay, end: target.releaseDate };
  return { start: startDay, end: open || lastDone === -Infinity ? null : dayNumberToIso(Math.floor(lastDone / 86_400_000)) };
}

/** When the item entered the target: its creation if it was created in it, else the change that added it. */
function joinedAt(item: ItemHistory, target: BacktestTarget): number {
  const created = item.createdAt.getTime();
  if (target.kind === 'epic' || fixVersionsAt(item, created + 1).has(target.name)) return created;
  const added = item.fieldChanges.find((c) => c.field === 'fixVersion' && c.to === target.name);
  return added ? added.at.getTime() : created;
}

/** As-of dates strictly inside the target's life (the first day has nothing known yet). */
export function asOfDates(life: TargetLife, schedule: Schedule, dataEnd: IsoDate): IsoDate[] {
  const start = isoToDayNumber(life.start);
  const end = isoToDayNumber(life.end ?? dataEnd);
  if (end - start < 2) return [];
  if ('fractions' in schedule) {
    const days = schedule.fractions.map((f) => start + Math.max(1, Math.round(f * (end - start))));
    return [...new Set(days)].filter((d) => d < end).map(dayNumberToIso);
  }
  const out: IsoDate[] = [];
  const from = Math.max(start + 1, schedule.since === null ? start + 1 : isoToDayNumber(schedule.since));
  for (let d = from; d < end; d += schedule.everyDays) out.push(dayNumberToIso(d));
  return out;
}
