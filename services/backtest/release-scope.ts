/**
 * How releases really ship: of the items a version held open halfway through its life, the share
 * that was still in it and done on release day (the rest was moved out). Learned per team from
 * versions released before the as-of date only, so a backtest never sees the future. Pure.
 */
import type { IsoDate } from '../graph/graph-types.js';
import { isoToDayNumber } from '../graph/work-calendar.js';
import type { BacktestHistory, ItemHistory } from './backtest-types.js';
import { categoryAt, fixVersionsAt } from './replay-state.js';

/** Fewest open items across past releases before their share is trusted. */
export const MIN_RELEASE_EVIDENCE = 10;
const DAY_MS = 86_400_000;

export interface PastRelease {
  readonly version: string;
  readonly team: string | null;
  /** Calendar day number of the release. */
  readonly releasedDay: number;
  readonly openAtMidLife: number;
  readonly kept: number;
}

export interface ReleaseScope {
  /** Share (0..1] of the open scope that ships. */
  readonly share: number;
  readonly releases: number;
  readonly openItems: number;
  /** Learned from the target's own team, or from all teams' releases. */
  readonly basis: 'team' | 'all teams';
}

/** Every dated release of the history, measured once. */
export function pastReleases(history: BacktestHistory): PastRelease[] {
  const byVersion = new Map<string, ItemHistory[]>();
  for (const item of history.items) {
    const names = new Set(item.fixVersions);
    for (const c of item.fieldChanges) if (c.field === 'fixVersion') for (const v of [c.from, c.to]) if (v !== null) names.add(v);
    for (const name of names) {
      let list = byVersion.get(name);
      if (!list) byVersion.set(name, (list = []));
      list.push(item);
    }
  }
  const out: PastRelease[] = [];
  for (const version of history.versions) {
    if (version.releaseDate === null) continue;
    const items = byVersion.get(version.name) ?? [];
    if (items.length === 0) continue;
    const releasedDay = isoToDayNumber(version.releaseDate);
    const released = (releasedDay + 1) * DAY_MS;
    const start = Math.min(...items.map((i) => i.createdAt.getTime()));
    if (start >= released) continue;
    const mid = start + (released - start) / 2;
    const open = items.filter((i) => i.createdAt.getTime() < mid && fixVersionsAt(i, mid).has(version.name) && categoryAt(i, mid) !== 'done');
    if (open.length === 0) continue;
    const kept = open.filter((i) => fixVersionsAt(i, released).has(version.name) && categoryAt(i, released) === 'done').length;
    out.push({ version: version.name, team: majorityTeam(open), releasedDay, openAtMidLife: open.length, kept });
  }
  return out;
}

/**
 * The shipped share for a release of `team` forecast on `asOf`: the team's own past releases
 * when they hold enough evidence, else all teams'; null (ship everything) without evidence.
 */
export function releaseScopeAt(releases: readonly PastRelease[], team: string | null, asOf: IsoDate): ReleaseScope | null {
  const asOfDay = isoToDayNumber(asOf);
  const before = releases.filter((r) => r.releasedDay < asOfDay);
  const own = before.filter((r) => r.team === team);
  const pick = (list: readonly PastRelease[], basis: ReleaseScope['basis']): ReleaseScope | null => {
    const open = list.reduce((sum, r) => sum + r.openAtMidLife, 0);
    if (open < MIN_RELEASE_EVIDENCE) return null;
    const kept = list.reduce((sum, r) => sum + r.kept, 0);
    // Never zero: a release ships at least its first finished item.
    return { share: Math.max(1 / open, kept / open), releases: list.length, openItems: open, basis };
  };
  return pick(own, 'team') ?? pick(before, 'all teams');
}

/** The team holding most of the items; ties go to the team seen first. */
export function majorityTeam(items: readonly { readonly team: string | null }[]): string | null {
  const counts = new Map<string | null, number>();
  for (const item of items) counts.set(item.team, (counts.get(item.team) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
