import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import {
  addLink,
  changeStatus,
  deleteIssue,
  moveIssue,
  SandboxMutationError,
  touchIssues,
} from '../../../services/sandbox/program-mutations.js';

const now = new Date('2026-03-02T00:00:00Z');
const at = new Date('2026-03-03T10:00:00Z');
const fresh = () => generateProgram({ seed: 9, size: 'demo', now, jiraBaseUrl: 'http://jira.test', linearWorkspaceUrl: 'https://linear.app/acme' });

describe('program mutations', () => {
  it('changes status with a history entry and start/completion dates', () => {
    const p = fresh();
    const todo = p.issues.find((i) => i.tracker === 'jira' && i.category === 'todo' && !i.deleted)!;
    const before = todo.history.length;
    changeStatus(p, todo.key, 'In Progress', at);
    expect(todo.history).toHaveLength(before + 1);
    expect(todo.history.at(-1)).toEqual({ at, from: 'To Do', to: 'In Progress', toCategory: 'in_progress' });
    expect(todo.startedAt).toEqual(at);
    changeStatus(p, todo.id, 'Done', at);
    expect(todo.category).toBe('done');
    expect(todo.completedAt).toEqual(at);
    expect(todo.updatedAt).toEqual(at);
    expect(() => changeStatus(p, todo.id, 'Todo', at)).toThrow(SandboxMutationError);
  });

  it('moves a Jira issue to a new key and keeps its id', () => {
    const p = fresh();
    const issue = p.issues.find((i) => i.teamKey === 'PAY' && !i.deleted && i.previousKeys.length === 0)!;
    const oldKey = issue.key;
    const highestCore = Math.max(...p.issues.flatMap((i) => [i.key, ...i.previousKeys]).filter((k) => k.startsWith('CORE-')).map((k) => Number(k.slice(5))));
    moveIssue(p, oldKey, 'CORE', at);
    expect(issue.key).toBe(`CORE-${highestCore + 1}`);
    expect(issue.previousKeys).toEqual([oldKey]);
    expect(issue.teamKey).toBe('CORE');
    expect(issue.updatedAt).toEqual(at);
    expect(() => moveIssue(p, issue.id, 'MOB', at)).toThrow(SandboxMutationError);
  });

  it('adds links and deletes issues together with their links', () => {
    const p = fresh();
    const [a, b] = p.issues.filter((i) => i.tracker === 'jira' && !i.deleted && i.type !== 'Epic');
    const link = addLink(p, { kind: 'blocks', fromId: a!.id, toId: b!.id }, at);
    expect(p.links).toContain(link);
    expect(a!.updatedAt).toEqual(at);
    const count = p.links.filter((l) => l.fromId === a!.id || l.toId === a!.id).length;
    const total = p.links.length;
    deleteIssue(p, a!.key, at);
    expect(a!.deleted).toBe(true);
    expect(p.links).toHaveLength(total - count);
    expect(() => changeStatus(p, a!.id, 'Done', at)).toThrow(SandboxMutationError);
  });

  it('touches the requested share of live issues, deterministically', () => {
    const p = fresh();
    const q = fresh();
    const ids = touchIssues(p, 0.25, 4, at);
    expect(ids).toHaveLength(Math.round(p.issues.filter((i) => !i.deleted).length * 0.25));
    expect(touchIssues(q, 0.25, 4, at)).toEqual(ids);
    expect(p.issues.filter((i) => i.updatedAt.getTime() === at.getTime()).map((i) => i.id).sort()).toEqual([...ids].sort());
  });
});
