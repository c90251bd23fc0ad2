import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import type { SandboxIssue, SandboxProgram } from '../../../services/sandbox/program-model.js';

const now = new Date('2026-03-02T00:00:00Z');
const base = { now, jiraBaseUrl: 'http://jira.test', linearWorkspaceUrl: 'https://linear.app/acme' } as const;
const DAY_MS = 86_400_000;

function weekdaysBetween(from: Date, to: Date): number {
  let ms = 0;
  for (let t = from.getTime(); t < to.getTime(); ) {
    const next = Math.min(to.getTime(), (Math.floor(t / DAY_MS) + 1) * DAY_MS);
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) ms += next - t;
    t = next;
  }
  return ms / DAY_MS;
}

/** Longest path by duration over blocks links (native + cross, resolved through URLs). */
function longestPaths(program: SandboxProgram, nullEstimateDays: number) {
  const byId = new Map(program.issues.map((i) => [i.id, i]));
  const byKey = new Map<string, SandboxIssue>();
  for (const i of program.issues) for (const k of [i.key, ...i.previousKeys]) byKey.set(k, i);
  const dpp = new Map(program.teams.map((t) => [t.key, t.daysPerPoint ?? 1]));
  const cycleEdges = new Set(program.expected.cycles.flatMap((ring) => ring.map((id, i) => `${id}>${ring[(i + 1) % ring.length]}`)));
  const edges: [string, string][] = program.links
    .filter((l) => l.kind === 'blocks' && !cycleEdges.has(`${l.fromId}>${l.toId}`))
    .map((l) => [l.fromId, l.toId]);
  for (const c of program.crossLinks.filter((x) => x.kind === 'blocks')) {
    const key = c.url.match(/\/(?:browse|issue)\/([A-Z]+-\d+)/)?.[1];
    const target = key ? byKey.get(key) : undefined;
    expect(target?.id).toBe(c.toId);
    edges.push([c.fromId, target!.id]);
  }
  const duration = (i: SandboxIssue) =>
    i.category === 'done' ? 0 : i.estimate === null ? nullEstimateDays : i.estimate * (dpp.get(i.teamKey) ?? 1);
  const succ = new Map<string, string[]>();
  const indeg = new Map<string, number>();
  for (const [a, b] of edges) {
    succ.set(a, [...(succ.get(a) ?? []), b]);
    indeg.set(b, (indeg.get(b) ?? 0) + 1);
  }
  const finish = new Map<string, number>();
  const prev = new Map<string, string>();
  const queue = program.issues.filter((i) => !indeg.get(i.id)).map((i) => i.id);
  for (const id of queue) finish.set(id, duration(byId.get(id)!));
  let visited = 0;
  while (queue.length > 0) {
    const id = queue.shift()!;
    visited++;
    for (const next of succ.get(id) ?? []) {
      const f = finish.get(id)! + duration(byId.get(next)!);
      if (f > (finish.get(next) ?? -1)) {
        finish.set(next, f);
        prev.set(next, id);
      }
      indeg.set(next, indeg.get(next)! - 1);
      if (indeg.get(next) === 0) queue.push(next);
    }
  }
  return { finish, prev, acyclic: visited === program.issues.length };
}

describe('generateProgram', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateProgram({ ...base, seed: 7, size: 'small' });
    const b = generateProgram({ ...base, seed: 7, size: 'small' });
    const c = generateProgram({ ...base, seed: 8, size: 'small' });
    expect(b).toEqual(a);
    expect(c.issues.map((i) => i.title)).not.toEqual(a.issues.map((i) => i.title));
  });

  it('builds the demo with every feature the story needs', () => {
    const p = generateProgram({ ...base, seed: 1, size: 'demo' });
    expect(p.issues.length).toBeGreaterThan(150);
    expect(p.issues.length).toBeLessThan(300);
    expect(p.teams.filter((t) => t.tracker === 'jira').length).toBeGreaterThanOrEqual(2);
    expect(p.teams.filter((t) => t.tracker === 'linear').length).toBeGreaterThanOrEqual(2);
    expect(p.expected.cycles).toHaveLength(1);
    expect(p.expected.staleIds).toHaveLength(1);
    expect(p.expected.movedIds).toHaveLength(1);
    expect(p.expected.deletedIds).toHaveLength(1);
    expect(p.expected.placeholderKeys).toEqual(['SEC-12']);
    const unassignedCritical = p.expected.criticalPath.filter((id) => p.expected.unassignedIds.includes(id));
    expect(unassignedCritical).toHaveLength(1);
    const mainChain = new Set(p.expected.mainChain);
    expect(p.expected.cycles.flat().some((id) => mainChain.has(id))).toBe(false);
    const byId = new Map(p.issues.map((i) => [i.id, i]));
    const jiraToLinear = p.crossLinks.filter((c) => byId.get(c.fromId)?.tracker === 'jira' && /^https:\/\/linear\.app\/acme\/issue\/[A-Z]+-\d+\/[a-z0-9-]+$/.test(c.url));
    const linearToJira = p.crossLinks.filter((c) => byId.get(c.fromId)?.tracker === 'linear' && /^http:\/\/jira\.test\/browse\/[A-Z]+-\d+$/.test(c.url));
    expect(jiraToLinear.length).toBeGreaterThanOrEqual(1);
    expect(linearToJira.length).toBeGreaterThanOrEqual(1);
    const moved = byId.get(p.expected.movedIds[0]!)!;
    expect(moved.previousKeys).toHaveLength(1);
    expect(moved.key.startsWith(`${moved.teamKey}-`)).toBe(true);
    expect(moved.previousKeys[0]!.startsWith(`${moved.teamKey}-`)).toBe(false);
  });

  it.each(['demo', 'small'] as const)('makes the main chain clearly the longest path (%s)', (size) => {
    const p = generateProgram({ ...base, seed: 3, size });
    // A generous 10 working days for unestimated open items still leaves the chain far ahead.
    const { finish, prev, acyclic } = longestPaths(p, 10);
    expect(acyclic).toBe(true);
    const last = p.expected.criticalPath.at(-1)!;
    expect(finish.get(last)).toBeCloseTo(p.expected.criticalPathWorkingDays!, 6);
    const path: string[] = [];
    for (let id: string | undefined = last; id !== undefined; id = prev.get(id)) path.unshift(id);
    expect(path.filter((id) => p.issues.find((i) => i.id === id)!.category !== 'done')).toEqual(p.expected.criticalPath);
    const chain = new Set(p.expected.mainChain);
    const rival = Math.max(...[...finish].filter(([id]) => !chain.has(id)).map(([, f]) => f));
    expect(rival).toBeLessThan(p.expected.criticalPathWorkingDays! / 2);
  });

  it('keeps histories, keys and links consistent', () => {
    const p = generateProgram({ ...base, seed: 11, size: 'small' });
    const live = p.issues.filter((i) => !i.deleted);
    const keys = live.flatMap((i) => [i.key, ...i.previousKeys]);
    expect(new Set(keys).size).toBe(keys.length);
    for (const issue of p.issues) {
      const h = issue.history;
      expect(h[0]!.from).toBeNull();
      expect(h[0]!.at).toEqual(issue.createdAt);
      for (let k = 1; k < h.length; k++) {
        expect(h[k]!.from).toBe(h[k - 1]!.to);
        expect(h[k]!.at.getTime()).toBeGreaterThanOrEqual(h[k - 1]!.at.getTime());
      }
      expect(h.at(-1)!.to).toBe(issue.status);
      expect(h.at(-1)!.toCategory).toBe(issue.category);
      expect(issue.updatedAt.getTime()).toBeGreaterThanOrEqual(h.at(-1)!.at.getTime());
      expect(issue.updatedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(issue.completedAt !== null).toBe(issue.category === 'done');
    }
    const liveIds = new Set(live.map((i) => i.id));
    for (const l of p.links) {
      expect(liveIds.has(l.fromId) && liveIds.has(l.toId) && l.fromId !== l.toId).toBe(true);
    }
    const stale = new Set(p.expected.staleIds);
    for (const i of live.filter((x) => x.category === 'in_progress')) {
      expect(stale.has(i.id)).toBe(now.getTime() - i.updatedAt.getTime() >= 21 * DAY_MS);
    }
  });

  it('draws each team history around its days-per-point', () => {
    const p = generateProgram({ ...base, seed: 5, size: 'small' });
    for (const team of p.teams) {
      const ratios = p.issues
        .filter((i) => i.teamKey === team.key && i.category === 'done' && i.estimate !== null && i.type !== 'Epic' && i.previousKeys.length === 0)
        .map((i) => weekdaysBetween(i.startedAt!, i.completedAt!) / i.estimate!)
        .sort((a, b) => a - b);
      expect(ratios.length).toBeGreaterThan(30);
      const median = ratios[Math.floor(ratios.length / 2)]!;
      expect(median / team.daysPerPoint!).toBeGreaterThan(0.75);
      expect(median / team.daysPerPoint!).toBeLessThan(1.33);
    }
  });

  it('generates the bench size in a few seconds', () => {
    const t0 = performance.now();
    const p = generateProgram({ ...base, seed: 2, size: 'bench' });
    // ~0.8 s on an idle 2-core machine; the margin absorbs other suites running in parallel.
    expect(performance.now() - t0).toBeLessThan(8_000);
    expect(p.issues).toHaveLength(50_000);
    expect(p.links).toHaveLength(100_000);
    expect(p.teams).toHaveLength(10);
  });
});
