import { describe, expect, it } from 'vitest';
import { buildTeamProfiles } from '../../../services/forecast/team-history.js';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import type { SandboxProgram } from '../../../services/sandbox/program-model.js';
import { sandboxProgramConfig } from '../../../services/sandbox/sandbox-trackers.js';
import { DEFAULT_CALENDAR } from '../../../services/graph/work-calendar.js';

const now = new Date('2026-11-25T00:00:00Z');
const demo = (seed = 7, at = now) =>
  generateProgram({ seed, size: 'demo', now: at, jiraBaseUrl: 'http://jira.test', linearWorkspaceUrl: 'https://linear.app/acme' });

/** Team profiles as Seams derives them from the generated history. */
function profiles(p: SandboxProgram) {
  const finished = p.issues
    .filter((i) => i.category === 'done' && !i.deleted && i.type !== 'Epic')
    .map((i) => ({ team: i.teamKey, startedAt: i.startedAt!, finishedAt: i.completedAt!, estimate: i.estimate }));
  return buildTeamProfiles({ finished }, { calendar: { ...DEFAULT_CALENDAR, timezone: 'Europe/Berlin' }, asOf: p.now.toISOString().slice(0, 10), weeks: 26 });
}

/** Items labelled `launch` plus everything they transitively wait for (native and cross links). */
function launchScope(p: SandboxProgram): Set<string> {
  const blockers = new Map<string, string[]>();
  const add = (to: string, from: string) => blockers.set(to, [...(blockers.get(to) ?? []), from]);
  for (const l of p.links) if (l.kind === 'blocks') add(l.toId, l.fromId);
  for (const c of p.crossLinks) if (c.kind === 'blocks' && c.toId) add(c.toId, c.fromId);
  const scope = new Set<string>();
  const stack = p.issues.filter((i) => i.labels.includes('launch')).map((i) => i.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (scope.has(id)) continue;
    scope.add(id);
    stack.push(...(blockers.get(id) ?? []));
  }
  return scope;
}

describe('the demo program', () => {
  it.each([7, 1, 3])('gives every team a believable history (seed %i)', (seed) => {
    const p = demo(seed);
    const measured = profiles(p);
    expect(measured.map((t) => t.team)).toEqual(p.teams.map((t) => t.key).sort());
    for (const profile of measured) {
      const team = p.teams.find((t) => t.key === profile.team)!;
      expect(profile.cycleTimes.length).toBeGreaterThanOrEqual(15);
      expect(profile.cycleTimes.length).toBeLessThanOrEqual(40);
      expect(profile.wipLimit).toBeGreaterThanOrEqual(2);
      expect(profile.wipLimit).toBeLessThanOrEqual(3);
      // Measured the way Seams measures (inclusive working days): close to the generator's pace.
      expect(profile.daysPerPoint! / team.daysPerPoint!).toBeGreaterThan(0.75);
      expect(profile.daysPerPoint! / team.daysPerPoint!).toBeLessThan(1.35);
      const sorted = [...profile.cycleTimes].sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1]!;
      // Lognormal truncated at 1.6σ (σ ≤ 0.45) around items of a few sizes: nothing past ~4× the median.
      expect(sorted.at(-1)! / median).toBeLessThan(4.5);
      expect(sorted[0]!).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps business as usual out of the launch scope and every seeded risk inside it', () => {
    const p = demo();
    const scope = launchScope(p);
    const byId = new Map(p.issues.map((i) => [i.id, i]));
    const bau = p.issues.filter((i) => i.labels.includes('bau'));
    expect(bau.length).toBeGreaterThan(100);
    expect(bau.some((i) => scope.has(i.id))).toBe(false);
    for (const l of p.links.filter((x) => x.kind === 'blocks')) {
      expect(byId.get(l.fromId)!.labels.includes('bau')).toBe(byId.get(l.toId)!.labels.includes('bau'));
    }
    expect(p.expected.cycles.flat().every((id) => scope.has(id))).toBe(true);
    expect(p.expected.staleIds.every((id) => scope.has(id))).toBe(true);
    expect(p.expected.movedIds.every((id) => scope.has(id))).toBe(true);
    expect(p.expected.deletedIds.every((id) => byId.get(id)!.labels.includes('launch'))).toBe(true);
    const external = p.issues.find((i) => i.key === 'SEC-12')!;
    expect(p.teams.some((t) => t.key === external.teamKey)).toBe(false);
    const waiting = p.links.filter((l) => l.kind === 'blocks' && l.fromId === external.id).map((l) => byId.get(l.toId)!);
    expect(waiting.map((i) => i.labels)).toEqual([['launch']]);
    // Exactly one blocker is due after the launch item that waits on it.
    const inversions = p.links.filter((l) => {
      const [a, b] = [byId.get(l.fromId)!, byId.get(l.toId)!];
      return l.kind === 'blocks' && scope.has(b.id) && a.category !== 'done' && a.dueDate !== null && b.dueDate !== null && a.dueDate > b.dueDate;
    });
    expect(inversions).toHaveLength(1);
    // Both cross-tracker directions sit on the main chain, hence in scope.
    const chain = new Set(p.expected.mainChain);
    const crossBlocks = p.crossLinks.filter((c) => c.kind === 'blocks' && chain.has(c.fromId));
    expect(new Set(crossBlocks.map((c) => byId.get(c.fromId)!.tracker))).toEqual(new Set(['jira', 'linear']));
  });

  it('plans the target as the main chain at measured pace plus slack', () => {
    const p = demo();
    const byId = new Map(p.issues.map((i) => [i.id, i]));
    const open = p.expected.criticalPath.map((id) => byId.get(id)!);
    expect(p.targetDate).toBe(open.at(-1)!.dueDate);
    const dues = open.map((i) => i.dueDate!);
    expect([...dues].sort()).toEqual(dues);
    // ≈ 81 working days of typical work → a target ~ 100 working days (20 weeks) out.
    const weeks = (Date.parse(`${p.targetDate}T00:00:00Z`) - now.getTime()) / (7 * 86_400_000);
    expect(weeks).toBeGreaterThan(17);
    expect(weeks).toBeLessThan(24);

    const config = sandboxProgramConfig(p);
    expect(config.targetDate).toBe(p.targetDate);
    expect(config.scope).toEqual({ epics: [], labels: ['launch'], linearProjects: [], teams: [], keys: [] });
  });

  it('is the same program for the same seed and day', () => {
    expect(demo(7)).toEqual(demo(7));
    expect(demo(7).issues.map((i) => i.title)).not.toEqual(demo(8).issues.map((i) => i.title));
  });
});
