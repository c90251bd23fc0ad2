/**
 * Moves a sandbox program forward by one week of plausible team work, for the demo's
 * `--weeks N` replay: teams finish what has run its course, pull unblocked work up to two
 * items at a time, one item on the main chain stalls (so risk and colour have something to
 * say) and, in the second week, scope grows. Deterministic for a given program and dates.
 */
import { STATUS_NAMES } from './generate-history.js';
import { changeStatus } from './program-mutations.js';
import type { SandboxIssue, SandboxProgram } from './program-model.js';

const DAY_MS = 86_400_000;
const WIP_PER_TEAM = 2;

export interface WeekOutcome {
  readonly finished: readonly string[];
  readonly started: readonly string[];
  readonly added: readonly string[];
}

function plannedDays(program: SandboxProgram, issue: SandboxIssue): number {
  const team = program.teams.find((t) => t.key === issue.teamKey);
  // Calendar days: estimate in points × the team's working days per point, plus weekends.
  return Math.max(2, (issue.estimate ?? 3) * (team?.daysPerPoint ?? 1) * 1.4);
}

export function simulateWeek(program: SandboxProgram, from: Date, weekIndex: number): WeekOutcome {
  const to = new Date(from.getTime() + 7 * DAY_MS);
  const live = program.issues.filter((i) => !i.deleted && i.type !== 'Epic');
  const byId = new Map(program.issues.map((i) => [i.id, i]));
  const mainChain = new Set(program.expected.criticalPath);
  // The first open item of the main chain stalls in odd weeks: a real program rarely runs to plan.
  const stalled = program.expected.criticalPath.map((id) => byId.get(id)).find((i) => i && i.category !== 'done');

  const finished: string[] = [];
  for (const issue of live) {
    if (issue.category !== 'in_progress' || !issue.startedAt || (issue === stalled && weekIndex % 2 === 1)) continue;
    const due = issue.startedAt.getTime() + plannedDays(program, issue) * DAY_MS;
    if (due <= to.getTime()) {
      changeStatus(program, issue.id, STATUS_NAMES[issue.tracker].done, new Date(Math.max(due, from.getTime() + DAY_MS)));
      finished.push(issue.key);
    }
  }

  const blockersDone = (issue: SandboxIssue) =>
    program.links.every((l) => l.kind !== 'blocks' || l.toId !== issue.id || byId.get(l.fromId)?.category === 'done' || byId.get(l.fromId)?.deleted);
  const started: string[] = [];
  for (const team of program.teams) {
    let wip = live.filter((i) => i.teamKey === team.key && i.category === 'in_progress').length;
    const ready = live
      .filter((i) => i.teamKey === team.key && i.category === 'todo' && blockersDone(i))
      .sort((a, b) => Number(mainChain.has(b.id)) - Number(mainChain.has(a.id)) || a.key.localeCompare(b.key, 'en', { numeric: true }));
    for (const issue of ready) {
      if (wip >= WIP_PER_TEAM) break;
      changeStatus(program, issue.id, STATUS_NAMES[issue.tracker].progress, new Date(from.getTime() + DAY_MS + started.length * 60_000));
      started.push(issue.key);
      wip++;
    }
  }

  const added: string[] = [];
  if (weekIndex === 1) added.push(...growScope(program, from));
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
