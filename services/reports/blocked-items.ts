/** Open items waiting on unfinished work, grouped by the team that is waiting. */
import { NO_TEAM } from '../graph/analysis-types.js';
import type { SnapshotItem } from './report-inputs.js';
import { byKey, compareText, toItemRow, type ItemRow } from './report-items.js';

export interface BlockedItem {
  readonly item: ItemRow;
  readonly blockers: readonly ItemRow[];
}

export interface BlockedTeamGroup {
  readonly team: string;
  readonly items: readonly BlockedItem[];
}

export function blockedByTeam(items: readonly SnapshotItem[], byId: ReadonlyMap<string, SnapshotItem>): readonly BlockedTeamGroup[] {
  const groups = new Map<string, BlockedItem[]>();
  for (const item of items) {
    if (item.statusCategory === 'done' || item.blockedBy.length === 0) continue;
    const blockers = item.blockedBy
      .map((id) => byId.get(id))
      .filter((b): b is SnapshotItem => b !== undefined)
      .map(toItemRow)
      .sort(byKey);
    const team = item.team ?? NO_TEAM;
    const list = groups.get(team) ?? [];
    list.push({ item: toItemRow(item), blockers });
    groups.set(team, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([team, list]) => ({ team, items: list.sort((a, b) => byKey(a.item, b.item)) }));
}
