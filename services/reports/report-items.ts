/** The row every report list uses for an item, and lookups over a snapshot's items. */
import type { IsoDate } from '../graph/graph-types.js';
import type { SnapshotItem } from './report-inputs.js';
import { safeHttpUrl } from './report-format.js';

export interface ItemRow {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  /** Tracker URL, only when it is http(s). */
  readonly url: string | null;
  readonly team: string | null;
  readonly owner: string | null;
  readonly status: string | null;
  readonly statusCategory: SnapshotItem['statusCategory'];
  readonly finishDate: IsoDate;
  readonly slack: number;
  readonly critical: boolean;
  readonly placeholder: boolean;
}

export function toItemRow(item: SnapshotItem): ItemRow {
  return {
    id: item.id,
    key: item.key,
    title: item.title,
    url: safeHttpUrl(item.url),
    team: item.team,
    owner: item.assignee,
    status: item.status,
    statusCategory: item.statusCategory,
    finishDate: item.finishDate,
    slack: item.slack,
    critical: item.critical,
    placeholder: item.placeholder,
  };
}

export function indexById(items: readonly SnapshotItem[]): ReadonlyMap<string, SnapshotItem> {
  return new Map(items.map((item) => [item.id, item]));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order for keys and names: PAY-9 before PAY-10; locale-independent enough for goldens. */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

export function byKey(a: { readonly key: string }, b: { readonly key: string }): number {
  return compareText(a.key, b.key);
}
