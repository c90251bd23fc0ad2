/**
 * Changes a running sandbox program can take (the e2e and incremental-sync tests drive these).
 * Every mutation edits the program in place and bumps `updatedAt` of what it touches, the way
 * the real trackers do, so `updated >= …` queries and Linear `updatedAt` filters see it.
 */
import type { SandboxCategory, SandboxIssue, SandboxLink, SandboxProgram } from './program-model.js';
import { STATUS_NAMES } from './generate-history.js';
import { createPrng } from './prng.js';
import { markProgramChanged } from './program-revision.js';

export class SandboxMutationError extends Error {
  override readonly name = 'SandboxMutationError';
  constructor(
    message: string,
    readonly issueRef: string,
  ) {
    super(message);
  }
}

function liveIssue(program: SandboxProgram, idOrKey: string): SandboxIssue {
  const issue = program.issues.find((i) => !i.deleted && (i.id === idOrKey || i.key === idOrKey));
  if (!issue) throw new SandboxMutationError(`no live issue ${idOrKey}`, idOrKey);
  return issue;
}

function categoryOf(issue: SandboxIssue, status: string): SandboxCategory {
  const names = STATUS_NAMES[issue.tracker];
  if (status === names.todo) return 'todo';
  if (status === names.progress || status === names.review) return 'in_progress';
  if (status === names.done) return 'done';
  throw new SandboxMutationError(`unknown ${issue.tracker} status "${status}"`, issue.key);
}

/** Moves an issue to a status of its tracker's workflow, recording the transition. */
export function changeStatus(program: SandboxProgram, idOrKey: string, status: string, at: Date = new Date()): SandboxIssue {
  const issue = liveIssue(program, idOrKey);
  const category = categoryOf(issue, status);
  if (issue.status === status) return issue;
  issue.history.push({ at, from: issue.status, to: status, toCategory: category });
  issue.status = status;
  issue.category = category;
  if (category !== 'todo' && issue.startedAt === null) issue.startedAt = at;
  issue.completedAt = category === 'done' ? at : null;
  issue.updatedAt = at;
  markProgramChanged(program);
  return issue;
}

/** Adds a native link (both ends in the same tracker); `blocks` means `fromId` blocks `toId`. */
export function addLink(
  program: SandboxProgram,
  link: { readonly kind: SandboxLink['kind']; readonly fromId: string; readonly toId: string },
  at: Date = new Date(),
): SandboxLink {
  const from = liveIssue(program, link.fromId);
  const to = liveIssue(program, link.toId);
  if (from.tracker !== to.tracker) throw new SandboxMutationError('native links stay inside one tracker', to.key);
  const id =
    from.tracker === 'jira'
      ? String(program.links.reduce((max, l) => (/^\d+$/.test(l.id) ? Math.max(max, Number(l.id)) : max), 30_000) + 1)
      : createPrng(program.seed ^ (program.links.length * 2_654_435_761)).uuid();
  const created: SandboxLink = { id, kind: link.kind, fromId: from.id, toId: to.id, createdAt: at };
  program.links.push(created);
  from.updatedAt = at;
  to.updatedAt = at;
  markProgramChanged(program);
  return created;
}

/** Moves a Jira issue to another project: new key, same id, old key kept in previousKeys. */
export function moveIssue(program: SandboxProgram, idOrKey: string, toTeamKey: string, at: Date = new Date()): SandboxIssue {
  const issue = liveIssue(program, idOrKey);
  const team = program.teams.find((t) => t.key === toTeamKey);
  if (issue.tracker !== 'jira' || team?.tracker !== 'jira') throw new SandboxMutationError('only Jira issues move between Jira projects', issue.key);
  if (issue.teamKey === toTeamKey) return issue;
  const prefix = `${toTeamKey}-`;
  let highest = 0;
  for (const other of program.issues) {
    for (const key of [other.key, ...other.previousKeys]) {
      if (key.startsWith(prefix)) highest = Math.max(highest, Number(key.slice(prefix.length)));
    }
  }
  issue.previousKeys.push(issue.key);
  issue.key = `${prefix}${highest + 1}`;
  issue.teamKey = toTeamKey;
  issue.updatedAt = at;
  markProgramChanged(program);
  return issue;
}

/** Deletes an issue; like both trackers, its own links and outgoing remote links go with it. */
export function deleteIssue(program: SandboxProgram, idOrKey: string, at: Date = new Date()): SandboxIssue {
  const issue = liveIssue(program, idOrKey);
  issue.deleted = true;
  issue.updatedAt = at;
  removeWhere(program.links, (l) => l.fromId === issue.id || l.toId === issue.id);
  removeWhere(program.crossLinks, (c) => c.fromId === issue.id);
  markProgramChanged(program);
  return issue;
}

function removeWhere<T>(list: T[], drop: (item: T) => boolean): void {
  let kept = 0;
  for (const item of list) if (!drop(item)) list[kept++] = item;
  list.length = kept;
}

/**
 * Edits `share` (0–1) of the live issues (a description change), chosen by `seed`, and
 * returns their ids: the change set an incremental sync must pick up.
 */
export function touchIssues(program: SandboxProgram, share: number, seed: number, at: Date = new Date()): string[] {
  const live = program.issues.filter((i) => !i.deleted);
  const count = Math.round(live.length * Math.min(1, Math.max(0, share)));
  const prng = createPrng(seed);
  for (let i = live.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [live[i], live[j]] = [live[j] as SandboxIssue, live[i] as SandboxIssue];
  }
  const touched = live.slice(0, count);
  for (const issue of touched) {
    issue.description = `${issue.description.replace(/ \(edited [^)]*\)$/, '')} (edited ${at.toISOString()})`;
    issue.updatedAt = at;
  }
  markProgramChanged(program);
  return touched.map((i) => i.id);
}
