import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import { openMainChain, simulateWeek, type WeekOutcome } from '../../../services/sandbox/simulate-week.js';

const DAY_MS = 86_400_000;
const start = new Date('2026-10-28T00:00:00Z');
const demo = () => generateProgram({ seed: 7, size: 'demo', now: start, jiraBaseUrl: 'http://jira.test', linearWorkspaceUrl: 'https://linear.app/acme' });

function replay(weeks: number) {
  const program = demo();
  const outcomes: WeekOutcome[] = [];
  for (let week = 1; week <= weeks; week++) {
    const weekNow = new Date(start.getTime() + week * 7 * DAY_MS + 9 * 3_600_000);
    outcomes.push(simulateWeek(program, new Date(weekNow.getTime() - 7 * DAY_MS), week));
  }
  return { program, outcomes };
}

describe('simulateWeek', () => {
  it('replays deterministically', () => {
    const a = replay(4);
    const b = replay(4);
    expect(b.outcomes).toEqual(a.outcomes);
    expect(b.program).toEqual(a.program);
  });

  it('moves work forward every week and adds scope in week 1', () => {
    const { program, outcomes } = replay(4);
    for (const o of outcomes) expect(o.finished.length + o.started.length).toBeGreaterThan(0);
    expect(outcomes[0]!.added).toHaveLength(2);
    expect(outcomes.slice(1).every((o) => o.added.length === 0)).toBe(true);
    const added = program.issues.filter((i) => outcomes[0]!.added.includes(i.key));
    expect(added.every((i) => i.labels.includes('launch'))).toBe(true);
    // Every status change happened inside the replayed weeks, in order.
    const end = start.getTime() + 4 * 7 * DAY_MS + 9 * 3_600_000;
    for (const issue of program.issues) {
      for (let k = 1; k < issue.history.length; k++) expect(issue.history[k]!.at.getTime()).toBeGreaterThanOrEqual(issue.history[k - 1]!.at.getTime());
      expect(issue.history.at(-1)!.at.getTime()).toBeLessThanOrEqual(end);
    }
  });

  it('keeps the expected critical path equal to the open part of the main chain', () => {
    const { program } = replay(4);
    const open = openMainChain(program);
    expect(program.expected.criticalPath).toEqual(open);
    // The stalled head still finishes within the month: the chain has moved on.
    expect(open.length).toBeLessThan(8);
    expect(open.length).toBeGreaterThanOrEqual(5);
    const byId = new Map(program.issues.map((i) => [i.id, i]));
    const chain = program.expected.mainChain!.map((id) => byId.get(id)!);
    // Done items precede open ones: the chain is worked in dependency order.
    const firstOpen = chain.findIndex((i) => i.category !== 'done');
    expect(chain.slice(firstOpen).every((i) => i.category !== 'done')).toBe(true);
  });

  it('leaves parked work and work waiting on an external issue alone', () => {
    const before = demo();
    const { program } = replay(4);
    const stale = program.issues.find((i) => i.id === before.expected.staleIds[0])!;
    expect(stale.category).toBe('in_progress');
    const external = program.issues.find((i) => i.key === 'SEC-12')!;
    expect(external.category).toBe('in_progress');
    const waiting = program.issues.find((i) => program.links.some((l) => l.fromId === external.id && l.toId === i.id))!;
    expect(waiting.category).toBe('todo');
  });
});
