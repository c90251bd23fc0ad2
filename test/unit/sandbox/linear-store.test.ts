import { describe, expect, it } from 'vitest';
import { buildLinearStore } from '../../../services/sandbox/linear/linear-store.js';
import { changeStatus } from '../../../services/sandbox/program-mutations.js';
import { markProgramChanged, programRevision } from '../../../services/sandbox/program-revision.js';
import { issueUrl, stableUuid, stateTypeFor, titleSlug, workspaceUrlKey } from '../../../services/sandbox/linear/linear-naming.js';
import { IDS, linearFixture } from './linear-fixture.js';

describe('linear store', () => {
  const store = buildLinearStore(linearFixture());

  it('keeps live Linear issues only, newest first', () => {
    expect(store.byCreatedAt.map((issue) => issue.key)).toEqual(['DATA-2', 'DATA-1', 'MOB-3', 'MOB-2', 'MOB-1']);
    expect(store.byUpdatedAt.map((issue) => issue.key)).toEqual(['DATA-1', 'MOB-2', 'MOB-1', 'DATA-2', 'MOB-3']);
  });

  it('finds issues by current and previous identifier', () => {
    expect(store.issueByIdentifier.get('DATA-1')?.id).toBe(IDS.data1);
    expect(store.issueByIdentifier.get('MOB-4')?.id).toBe(IDS.data1);
    expect(store.issueByIdentifier.has('DATA-3')).toBe(false);
  });

  it('puts a relation on its creator and the inverse on its target, dropping deleted and foreign ends', () => {
    expect(store.relationsFrom.get(IDS.mob1)?.map((r) => [r.type, r.relatedIssueId])).toEqual([['blocks', IDS.mob2]]);
    expect(store.relationsTo.get(IDS.mob2)?.map((r) => [r.type, r.issueId])).toEqual([['blocks', IDS.mob1]]);
    expect(store.relationsTo.get(IDS.data1)?.map((r) => r.type)).toEqual(['related', 'duplicate']);
    expect(store.relationsTo.get(IDS.mob1)).toBeUndefined();
    expect(store.relationsTo.get(IDS.mob3)).toBeUndefined();
  });

  it('derives each team workflow from the statuses its issues went through', () => {
    expect(store.statesByTeam.get('MOB')?.map((s) => `${s.name}:${s.type}`)).toEqual(['Todo:unstarted', 'In Progress:started', 'Done:completed']);
    expect(store.statesByTeam.get('DATA')?.map((s) => `${s.name}:${s.type}`)).toEqual(['Backlog:backlog', 'Todo:unstarted', 'Canceled:canceled']);
    expect(store.stateOf(store.issueById.get(IDS.mob2)!).id).toBe(stableUuid('state', 'MOB', 'In Progress'));
  });

  it('turns cross links into Jira attachments', () => {
    expect(store.attachments.get(IDS.mob3)).toEqual([
      expect.objectContaining({ url: 'https://acme.atlassian.net/browse/PAY-1', title: 'blocks PAY-1', sourceType: 'jira' }),
    ]);
  });

  it('changes revision when the program is edited, through a mutation or marked by hand', () => {
    const program = linearFixture();
    const before = programRevision(program);
    changeStatus(program, IDS.mob2, 'Done', new Date('2026-02-01T00:00:00Z'));
    const afterMutation = programRevision(program);
    expect(afterMutation).not.toBe(before);
    program.issues[2]!.updatedAt = new Date('2026-02-02T00:00:00Z');
    markProgramChanged(program);
    expect(programRevision(program)).not.toBe(afterMutation);
  });
});

describe('linear naming', () => {
  it('builds Linear issue URLs with a title slug', () => {
    expect(titleSlug('Polish onboarding!')).toBe('polish-onboarding');
    expect(issueUrl('https://linear.app/acme/', 'MOB-3', 'Polish onboarding!')).toBe('https://linear.app/acme/issue/MOB-3/polish-onboarding');
    expect(workspaceUrlKey('https://linear.app/acme')).toBe('acme');
  });

  it('maps categories and names onto Linear state types', () => {
    expect(stateTypeFor('Backlog', 'todo')).toBe('backlog');
    expect(stateTypeFor('Todo', 'todo')).toBe('unstarted');
    expect(stateTypeFor('In Review', 'in_progress')).toBe('started');
    expect(stateTypeFor('Done', 'done')).toBe('completed');
    expect(stateTypeFor('Canceled', 'done')).toBe('canceled');
    expect(stateTypeFor('In Progress', null)).toBe('started');
  });

  it('makes stable RFC-4122-shaped ids', () => {
    expect(stableUuid('a', 'b')).toBe(stableUuid('a', 'b'));
    expect(stableUuid('a', 'b')).not.toBe(stableUuid('ab'));
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
