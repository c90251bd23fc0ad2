/** Small builders for hand-written ProgramGraphs in tests. */
import type { GraphItem, GraphLink, ProgramGraph, TeamProfile } from '../../../services/graph/graph-types.js';

export function item(id: string, overrides: Partial<GraphItem> = {}): GraphItem {
  return {
    id,
    key: id,
    title: `Item ${id}`,
    url: null,
    source: 'jira',
    team: 'core',
    assignee: 'ann',
    status: 'To Do',
    statusCategory: 'todo',
    estimate: null,
    durationDays: null,
    dueDate: null,
    createdAt: null,
    startedAt: null,
    completedAt: null,
    updatedAt: null,
    inScope: true,
    placeholder: false,
    ...overrides,
  };
}

/** `blocks('A', 'B')`: B depends on A. */
export function blocks(from: string, to: string): GraphLink {
  return { from, to, kind: 'blocks' };
}

export function parentOf(parent: string, child: string): GraphLink {
  return { from: parent, to: child, kind: 'parent' };
}

export function team(name: string, overrides: Partial<TeamProfile> = {}): TeamProfile {
  return { team: name, cycleTimes: [], daysPerPoint: null, weeklyThroughput: [], wipLimit: 1, ...overrides };
}

/** n items where each neighbour pair blocks both ways: every pair a cycle nested in the whole chain. */
export function doubleLinkedChain(n: number): { ids: string[]; links: GraphLink[] } {
  const ids = Array.from({ length: n }, (_, i) => `I${String(i).padStart(5, '0')}`);
  const links = ids.slice(1).flatMap((id, i) => [blocks(ids[i] as string, id), blocks(id, ids[i] as string)]);
  return { ids, links };
}

export function graphOf(
  items: readonly GraphItem[],
  links: readonly GraphLink[] = [],
  overrides: Partial<ProgramGraph> = {},
): ProgramGraph {
  return {
    version: 1,
    program: 'test-program',
    // Monday.
    asOf: '2026-06-01',
    targetDate: null,
    calendar: { weekendDays: [0, 6], holidays: [], timezone: 'UTC' },
    items,
    links,
    teams: [],
    ...overrides,
  };
}

/** Items with explicit durations: `fixed({ A: 3, B: 4 })`. */
export function fixed(durations: Readonly<Record<string, number>>, overrides: Partial<GraphItem> = {}): GraphItem[] {
  return Object.entries(durations).map(([id, days]) => item(id, { durationDays: days, ...overrides }));
}

/** Deterministic PRNG (mulberry32) for property tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
