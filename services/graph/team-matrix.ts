/**
 * Who waits on whom: blocks links between different teams, aggregated per (waiting, blocking)
 * team pair, with how many of them drive the critical path. Keys are team numbers, not
 * strings: this runs over every link of a 300k-link program.
 */
import { NO_TEAM, type TeamDependency } from './analysis-types.js';
import type { CpmResult } from './critical-path.js';
import { compareIds } from './cycles.js';
import { EDGE_BLOCKS, type DependencyNetwork } from './dependency-network.js';
import type { GraphItem } from './graph-types.js';

interface PairAccumulator {
  readonly waiting: number;
  readonly blocking: number;
  links: number;
  criticalLinks: number;
  items: number[];
}

export function teamDependencyMatrix(
  net: DependencyNetwork,
  items: readonly GraphItem[],
  cpm: CpmResult,
  dropped: Uint8Array,
  epsilon: number,
): TeamDependency[] {
  const teamNames: string[] = [];
  const teamNumber = new Map<string, number>();
  const teamOf = new Int32Array(items.length);
  items.forEach((item, i) => {
    const name = item.team ?? NO_TEAM;
    let t = teamNumber.get(name);
    if (t === undefined) {
      t = teamNames.push(name) - 1;
      teamNumber.set(name, t);
    }
    teamOf[i] = t;
  });

  const teams = teamNames.length;
  const pairs = new Map<number, PairAccumulator>();
  for (let e = 0; e < net.edgeCount; e++) {
    if (net.edgeKind[e] !== EDGE_BLOCKS) continue;
    const a = net.edgeFrom[e]!;
    const b = net.edgeTo[e]!;
    const blocking = teamOf[a]!;
    const waiting = teamOf[b]!;
    if (blocking === waiting) continue;
    const key = waiting * teams + blocking;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { waiting, blocking, links: 0, criticalLinks: 0, items: [] }));
    pair.links++;
    const driving = dropped[e] !== 1 && cpm.critical[a] === 1 && cpm.critical[b] === 1 && Math.abs(cpm.ef[a]! - cpm.es[b]!) <= epsilon;
    if (driving) pair.criticalLinks++;
    pair.items.push(a, b);
  }

  return [...pairs.values()]
    .map((pair) => ({
      waitingTeam: teamNames[pair.waiting]!,
      blockingTeam: teamNames[pair.blocking]!,
      links: pair.links,
      criticalLinks: pair.criticalLinks,
      itemIds: distinctIds(net, pair.items),
    }))
    .sort(
      (x, y) =>
        y.criticalLinks - x.criticalLinks ||
        y.links - x.links ||
        compareIds(x.waitingTeam, y.waitingTeam) ||
        compareIds(x.blockingTeam, y.blockingTeam),
    );
}

/** Distinct ids in the graph's item order (sorting positions is cheap; sorting strings is not). */
function distinctIds(net: DependencyNetwork, positions: readonly number[]): string[] {
  const sorted = Int32Array.from(positions).sort();
  const ids: string[] = [];
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) ids.push(net.ids[sorted[k]!]!);
  return ids;
}
