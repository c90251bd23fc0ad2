/** A hand-built tracker history: one team, a released version, items whose every change is known. */
import type { BacktestHistory, FieldChange, ItemHistory, StatusChange } from '../../../services/backtest/backtest-types.js';

const d = (iso: string) => new Date(iso);

export function item(key: string, created: string, changes: readonly [string, 'in_progress' | 'done' | 'todo'][], extra: Partial<ItemHistory> = {}): ItemHistory {
  const statusChanges: StatusChange[] = changes.map(([at, toCategory]) => ({
    at: d(at),
    toCategory,
    toStatus: toCategory === 'done' ? 'Done' : toCategory === 'in_progress' ? 'In Progress' : 'To Do',
  }));
  const last = statusChanges.at(-1);
  return {
    id: `jira:${key}`,
    key,
    title: key,
    team: 'CORE',
    createdAt: d(created),
    initialStatus: 'To Do',
    initialCategory: 'todo',
    statusChanges,
    estimate: null,
    fixVersions: [],
    epic: null,
    completedAt: last?.toCategory === 'done' ? last.at : null,
    fieldChanges: [],
    ...extra,
  };
}

export function fixVersion(at: string, from: string | null, to: string | null): FieldChange {
  return { at: d(at), field: 'fixVersion', from, to };
}

/**
 * Twelve finished items, one every week from 5 Jan 2026, each worked Monday to Friday (5 working
 * days, never overlapping); then version 2.0 with three items started in turn from 6 April and
 * released on 30 April. A fourth item joined 2.0 on 13 April and was moved out on 20 April.
 */
export function handBuiltHistory(): BacktestHistory {
  const items: ItemHistory[] = [];
  for (let w = 0; w < 12; w++) {
    const monday = new Date(Date.UTC(2026, 0, 5 + 7 * w));
    const friday = new Date(monday.getTime() + 4 * 86_400_000 + 16 * 3_600_000);
    const created = new Date(monday.getTime() - 3 * 86_400_000).toISOString();
    items.push(
      item(`CORE-${w + 1}`, created, [
        [new Date(monday.getTime() + 9 * 3_600_000).toISOString(), 'in_progress'],
        [friday.toISOString(), 'done'],
      ], { fixVersions: ['1.0'] }),
    );
  }
  items.push(
    item('CORE-20', '2026-03-30T10:00:00Z', [['2026-04-06T09:00:00Z', 'in_progress'], ['2026-04-10T16:00:00Z', 'done']], { fixVersions: ['2.0'], estimate: 3 }),
    item('CORE-21', '2026-03-30T10:00:00Z', [['2026-04-13T09:00:00Z', 'in_progress'], ['2026-04-17T16:00:00Z', 'done']], { fixVersions: ['2.0'] }),
    item('CORE-22', '2026-03-30T10:00:00Z', [['2026-04-20T09:00:00Z', 'in_progress'], ['2026-04-29T16:00:00Z', 'done']], {
      fixVersions: ['2.0'],
      estimate: 5,
      fieldChanges: [{ at: d('2026-04-14T10:00:00Z'), field: 'estimate', from: '2', to: '5' }],
    }),
    item('CORE-23', '2026-04-01T10:00:00Z', [], {
      fixVersions: ['3.0'],
      fieldChanges: [fixVersion('2026-04-13T10:00:00Z', null, '2.0'), fixVersion('2026-04-20T10:00:00Z', '2.0', null), fixVersion('2026-04-20T10:00:01Z', null, '3.0')],
    }),
  );
  return {
    items,
    links: [
      { from: 'jira:CORE-21', to: 'jira:CORE-22', kind: 'blocks', addedAt: d('2026-04-15T10:00:00Z') },
      { from: 'jira:CORE-20', to: 'jira:CORE-21', kind: 'blocks', addedAt: null },
    ],
    versions: [
      { name: '1.0', releaseDate: '2026-03-27' },
      { name: '2.0', releaseDate: '2026-04-30' },
    ],
  };
}
