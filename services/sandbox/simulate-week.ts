/**
 * Moves a sandbox program forward by one week of plausible team work, for the demo's
 * `--weeks N` replay. Day by day: each morning a team pulls unblocked work up to its WIP limit
 * (main chain first and at once, then other launch work, then business as usual); each afternoon what has run
 * its course is done. An item's duration is drawn once, from its id, around estimate × the team's
 * daysPerPoint in working days counting both ends (as history measures it), so a replay is
 * deterministic. Reality intrudes on purpose: the first open main-chain item stalls in odd weeks,
 * stale items stay parked, work waiting on an external issue never starts, and in week 1 two
 * unplanned launch stories land on a Jira team. The ground truth follows: `expected.criticalPath`
 * is kept equal to the open part of the main chain.
 */
import { finishOfSpan, morningOf, shiftWorkingDays, STATUS_NAMES } from './generate-history.js';
import { changeStatus } from './program-mutations.js';
import { createPrng } from './prng.js';
import type { SandboxIssue, SandboxProgram } from './program-model.js';

const DAY_MS = 86_400_000;
const WIP_PER_TEAM = 3;
/** In-progress items untouched this long are parked: the replay leaves them alone. */
const PARKED_AFTER_DAYS = 14;
const SIGMA = 0.35;
/** Duration of an unestimated item, in working days (a typical small bug). */
const UNESTIMATED_DAYS = 6;

export interface WeekOutcome {
  readonly finished: readonly string[];
  readonly started: readonly string[];
  readonly added: readonly string[];
}

function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Planned finish of a started item: its working-day span drawn from its id. */
function plannedFinish(program: SandboxProgram, issue: SandboxIssue, startedAt: Date): Date {
  const prng = createPrng((program.seed ^ hashId(issue.id)) >>> 0);
  const team = program.teams.find((t) => t.key === issue.teamKey);
  const median = issue.estimate === null ? UNESTIMATED_DAYS : issue.estimate * (team?.daysPerPoint ?? 1);
  const days = median * Math.exp(SIGMA * Math.max(-1.8, Math.min(1.8, prng.normal())));
  return finishOfSpan(startedAt, days, prng);
}

/** Open items of the main chain, in dependency order. */
export function openMainChain(program: SandboxProgram): string[] {
  const byId = new Map(program.issues.map((i) => [i.id, i]));
  const chain = program.expected.mainChain ?? program.expected.criticalPath;
  return chain.filter((id) => {
    const issue = byId.get(id);
    return issue !== undefined && !issue.deleted && issue.category !== 'done';
  });
}

export function simulateWeek(program: SandboxProgram, from: Date, weekIndex: number): WeekOutcome {
  const to = new Date(from.getTime() + 7 * DAY_MS);
  const teams = new Set(program.teams.map((t) => t.key));
  const live = program.issues.filter((i) => !i.deleted && i.type !== 'Epic' && teams.has(i.teamKey));
  const byId = new Map(program.issues.map((i) => [i.id, i]));
  const blockers = new Map<string, string[]>();
  const addBlocker = (to: string, from: string) => blockers.set(to, [...(blockers.get(to) ?? []), from]);
  for (const l of program.links) if (l.kind === 'blocks') addBlocker(l.toId, l.fromId);
  for (const c of program.crossLinks) if (c.kind === 'blocks' && c.toId) addBlocker(c.toId, c.fromId);
  const mainChain = new Set(program.expected.mainChain ?? program.expected.criticalPath);
  // The head of the main chain stalls for a week in odd weeks — once per item: work that was
  // already under way a week ago has had its stall and now runs to plan.
  const head = weekIndex % 2 === 1 ? byId.get(openMainChain(program)[0] ?? '') : undefined;
  const stalled = head && !(head.startedAt && head.startedAt.getTime() < from.getTime() - 7 * DAY_MS) ? head.id : undefined;
  const parked = new Set(
    live.filter((i) => i.category === 'in_progress' && !mainChain.has(i.id) && from.getTime() - i.updatedAt.getTime() >= PARKED_AFTER_DAYS * DAY_MS).map((i) => i.id),
  );
  const added = weekIndex === 1 ? growScope(program, from) : [];
  if (added.length > 0) live.push(...program.issues.slice(-added.length));

  const priority = (i: SandboxIssue) => (mainChain.has(i.id) ? 0 : i.labels.includes('launch') ? 1 : 2);
  const ready = (i: SandboxIssue) => (blockers.get(i.id) ?? []).every((b) => byId.get(b)?.category === 'done' || byId.get(b)?.deleted === true);
  const finished: string[] = [];
  const started: string[] = [];
  for (let day = shiftWorkingDays(new Date(from.getTime() + DAY_MS), 0); day.getTime() < to.getTime(); day = shiftWorkingDays(day, 1)) {
    const morning = morningOf(day, createPrng((program.seed ^ day.getTime() / DAY_MS) >>> 0));
    if (morning.getTime() >= to.getTime()) break;
    for (const team of program.teams) {
      const mine = live.filter((i) => i.teamKey === team.key);
      let wip = mine.filter((i) => i.category === 'in_progress').length;
      const queue = mine
        .filter((i) => i.category === 'todo' && ready(i))
        .sort((a, b) => priority(a) - priority(b) || a.key.localeCompare(b.key, 'en', { numeric: true }));
      for (const issue of queue) {
        // The critical hand-off is picked up at once; everything else waits for a free slot.
        if (wip >= WIP_PER_TEAM && !mainChain.has(issue.id)) break;
        changeStatus(program, issue.id, STATUS_NAMES[issue.tracker].progress, new Date(morning.getTime() + started.length * 60_000));
        started.push(issue.key);
        wip++;
      }
    }
    const evening = Math.min(day.getTime() + DAY_MS - 1, to.getTime() - 1);
    for (const issue of live) {
      if (issue.category !== 'in_progress' || !issue.startedAt || issue.id === stalled || parked.has(issue.id)) continue;
      const finish = plannedFinish(program, issue, issue.startedAt);
      if (finish.getTime() > evening) continue;
      changeStatus(program, issue.id, STATUS_NAMES[issue.tracker].done, new Date(Math.max(finish.getTime(), morning.getTime() + 3_600_000)));
      finished.push(issue.key);
    }
  }
  program.expected.criticalPath.splice(0, program.expected.criticalPath.length, ...openMainChain(program));
  return { finished, started, added };
}

/** Scope creep: two new launch stories appear on a Jira team mid-program. */
function growScope(program: SandboxProgram, at: Date): string[] {
  const team = program.teams.find((t) => t.tracker === 'jira');
  if (!team) return [];
  const keys: string[] = [];
  for (const title of ['Support 3-D Secure step-up in checkout', 'Fraud rules for saved cards']) {
    const number = program.issues.filter((i) => i.key.startsWith(`${team.key}-`)).length + 100 + keys.length;
    const id = String(90_000 + program.issues.length);
    const key = `${team.key}-${number}`;
    program.issues.push({
      tracker: 'jira',
      id,
      key,
      previousKeys: [],
      teamKey: team.key,
      title,
      description: 'Added after the plan was agreed.',
      type: 'Story',
      status: STATUS_NAMES.jira.todo,
      category: 'todo',
      assignee: null,
      estimate: 5,
      dueDate: null,
      labels: ['launch'],
      parentId: null,
      projectId: null,
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      completedAt: null,
      deleted: false,
      archived: false,
      history: [{ at, from: null, to: STATUS_NAMES.jira.todo, toCategory: 'todo' }],
    });
    keys.push(key);
  }
  return keys;
}
