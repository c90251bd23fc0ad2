/**
 * A generated program for the dependency-picture layout: items, links and a critical path (the
 * longest chain), seeded so every run draws the same graph. Shared by the layout bench and the
 * crossing-count test.
 */
import type { SnapshotItem } from '../services/reports/report-inputs.js';

export type LayoutLink = { readonly from: string; readonly to: string };

/** A seeded program of `size` items: 12 teams, blockers from the preceding 40 items, ~1.6 links per item. */
export function generateLayoutProgram(size = 300): { items: SnapshotItem[]; links: LayoutLink[]; criticalPath: string[] } {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const items: SnapshotItem[] = Array.from({ length: size }, (_, i) => ({
    id: `g:${i}`, key: `GEN-${i}`, title: `Item ${i}`, url: null, source: 'jira', team: `team-${i % 12}`, assignee: null,
    status: null, statusCategory: 'todo', dueDate: null, placeholder: false,
    finishDate: '2027-01-01', slack: 1, critical: false, blockedBy: [],
  }));
  const links: LayoutLink[] = [];
  for (let i = 1; i < size; i++) {
    const count = Math.floor(random() * 4) + (random() < 0.3 ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const from = Math.max(0, i - 1 - Math.floor(random() * 40));
      if (!links.some((l) => l.from === `g:${from}` && l.to === `g:${i}`)) links.push({ from: `g:${from}`, to: `g:${i}` });
    }
  }
  // The longest chain (in hops) stands in for the critical path.
  const best = new Map<string, { length: number; prev: string | null }>();
  for (const item of items) {
    const incoming = links.filter((l) => l.to === item.id).map((l) => ({ from: l.from, length: best.get(l.from)!.length + 1 }));
    const top = incoming.sort((a, b) => b.length - a.length)[0];
    best.set(item.id, top ? { length: top.length, prev: top.from } : { length: 0, prev: null });
  }
  let end = [...best].sort((a, b) => b[1].length - a[1].length)[0]![0];
  const criticalPath: string[] = [end];
  while (best.get(end)!.prev !== null) criticalPath.unshift((end = best.get(end)!.prev!));
  const onPath = new Set(criticalPath);
  return { items: items.map((i) => (onPath.has(i.id) ? { ...i, slack: 0, critical: true } : i)), links, criticalPath };
}
