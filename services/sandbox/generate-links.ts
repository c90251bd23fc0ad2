/**
 * Link planning over item drafts. Dependency structure by construction:
 * - the main chain is one long `blocks` path (cross-tracker hops become cross links);
 * - each cycle is an isolated ring of three `blocks` links;
 * - filler `blocks` links only go from a lower to a higher layer (3 layers), so filler work
 *   forms a DAG whose paths hold at most three items — never a rival to the main chain.
 * `relates` / `duplicates` carry no dependency and may touch any live item.
 */
import type { Prng } from './prng.js';
import type { Draft, LinkPlan } from './draft-types.js';

export interface CrossPlan {
  readonly kind: 'blocks' | 'relates';
  /** The draft holding the remote link / attachment. */
  readonly from: number;
  readonly to: number;
}

export interface PlannedLinks {
  readonly links: LinkPlan[];
  readonly cross: CrossPlan[];
}

interface Pools {
  /** Live filler indices by tracker and layer. */
  readonly byLayer: Record<'jira' | 'linear', number[][]>;
  /** Live non-epic indices by tracker (for relates / duplicates). */
  readonly any: Record<'jira' | 'linear', number[]>;
}

function buildPools(drafts: readonly Draft[]): Pools {
  const byLayer = { jira: [[], [], []] as number[][], linear: [[], [], []] as number[][] };
  const any = { jira: [] as number[], linear: [] as number[] };
  drafts.forEach((d, i) => {
    if (d.deleted || d.type === 'Epic') return;
    any[d.tracker].push(i);
    if (d.role === 'filler') byLayer[d.tracker][d.level]?.push(i);
  });
  return { byLayer, any };
}

/** Keeps one link per unordered pair, whatever its kind. */
function pairKey(a: number, b: number, n: number): number {
  return Math.min(a, b) * n + Math.max(a, b);
}

export function planLinks(
  prng: Prng,
  drafts: readonly Draft[],
  chain: readonly number[],
  cycles: readonly (readonly number[])[],
  targetLinks: number,
  targetCross: number,
  fixed: readonly LinkPlan[] = [],
): PlannedLinks {
  const n = drafts.length;
  const used = new Set<number>();
  const links: LinkPlan[] = [];
  const cross: CrossPlan[] = [];
  const add = (kind: LinkPlan['kind'], from: number, to: number): boolean => {
    const key = pairKey(from, to, n);
    if (from === to || used.has(key)) return false;
    used.add(key);
    const a = drafts[from] as Draft;
    const b = drafts[to] as Draft;
    if (a.tracker === b.tracker) links.push({ kind, from, to });
    else cross.push({ kind: kind === 'blocks' ? 'blocks' : 'relates', from, to });
    return true;
  };

  for (let i = 0; i + 1 < chain.length; i++) add('blocks', chain[i] as number, chain[i + 1] as number);
  for (const ring of cycles) {
    ring.forEach((member, i) => add('blocks', member, ring[(i + 1) % ring.length] as number));
  }
  for (const plan of fixed) add(plan.kind, plan.from, plan.to);

  const pools = buildPools(drafts);
  const remaining = Math.max(0, targetLinks - links.length);
  const blocks = Math.round(remaining * 0.8);
  const relates = Math.round(remaining * 0.13);
  const duplicates = remaining - blocks - relates;
  const budget = (count: number): number => count * 30 + 100;

  const trackerWeights = [pools.any.jira.length, pools.any.linear.length];
  const pickTracker = (): 'jira' | 'linear' => prng.weighted(['jira', 'linear'] as const, trackerWeights);

  const tryBlocks = (fromTracker: 'jira' | 'linear', toTracker: 'jira' | 'linear'): boolean => {
    const low = pools.byLayer[fromTracker];
    const high = pools.byLayer[toTracker];
    const fromLayer = prng.weighted([0, 1], [low[0]?.length ?? 0, low[1]?.length ?? 0]);
    const fromPool = low[fromLayer] ?? [];
    const toLayer = fromLayer === 0 ? prng.weighted([1, 2], [high[1]?.length ?? 0, high[2]?.length ?? 0]) : 2;
    const toPool = high[toLayer] ?? [];
    if (fromPool.length === 0 || toPool.length === 0) return false;
    const from = prng.pick(fromPool);
    let to = prng.pick(toPool);
    // Dependencies cross teams more often than not: that is what the product is about.
    if ((drafts[to] as Draft).teamIndex === (drafts[from] as Draft).teamIndex && prng.chance(0.8)) to = prng.pick(toPool);
    const blocker = drafts[from] as Draft;
    const blocked = drafts[to] as Draft;
    // A finished item blocked by unfinished work would be an impossible history.
    if (blocked.timeline.category === 'done' && blocker.timeline.category !== 'done') return false;
    return add('blocks', from, to);
  };
  const tryLoose = (kind: 'relates' | 'duplicates', fromTracker: 'jira' | 'linear', toTracker: 'jira' | 'linear'): boolean => {
    const fromPool = pools.any[fromTracker];
    const toPool = pools.any[toTracker];
    if (fromPool.length === 0 || toPool.length === 0) return false;
    return add(kind, prng.pick(fromPool), prng.pick(toPool));
  };

  const fill = (count: number, attempt: () => boolean): void => {
    let made = 0;
    for (let tries = 0; made < count && tries < budget(count); tries++) if (attempt()) made++;
  };
  fill(blocks, () => {
    const t = pickTracker();
    return tryBlocks(t, t);
  });
  fill(relates, () => {
    const t = pickTracker();
    return tryLoose('relates', t, t);
  });
  fill(duplicates, () => {
    const t = pickTracker();
    return tryLoose('duplicates', t, t);
  });
  fill(targetCross, () => {
    const fromJira = prng.chance(0.5);
    const [a, b] = fromJira ? (['jira', 'linear'] as const) : (['linear', 'jira'] as const);
    const before = cross.length;
    const ok = prng.chance(0.3) ? tryBlocks(a, b) : tryLoose('relates', a, b);
    return ok && cross.length > before;
  });
  return { links, cross };
}
