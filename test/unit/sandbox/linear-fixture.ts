import type { SandboxIssue, SandboxProgram, SandboxStatusChange } from '../../../services/sandbox/program-model.js';

/** Hand-built program with a known Linear slice; every expected value in the tests derives from it. */
export const IDS = {
  mob1: '00000000-0000-4000-8000-000000000001',
  mob2: '00000000-0000-4000-8000-000000000002',
  mob3: '00000000-0000-4000-8000-000000000003',
  data1: '00000000-0000-4000-8000-000000000004',
  data2: '00000000-0000-4000-8000-000000000005',
  data3: '00000000-0000-4000-8000-000000000006',
  project: '00000000-0000-4000-8000-0000000000a1',
} as const;

const day = (d: number): Date => new Date(Date.UTC(2026, 0, d));
const ann = { id: '00000000-0000-4000-8000-0000000000b1', name: 'Ann Lee', email: 'ann.lee@example.com' };

function issue(fields: Partial<SandboxIssue> & Pick<SandboxIssue, 'id' | 'key' | 'teamKey' | 'title' | 'status' | 'category' | 'createdAt' | 'updatedAt'>, history: SandboxStatusChange[] = []): SandboxIssue {
  return {
    tracker: 'linear',
    previousKeys: [],
    description: `${fields.title} — details`,
    type: 'Task',
    assignee: null,
    estimate: null,
    dueDate: null,
    labels: [],
    parentId: null,
    projectId: null,
    startedAt: null,
    completedAt: null,
    deleted: false,
    archived: false,
    history,
    ...fields,
  };
}

export function linearFixture(): SandboxProgram {
  return {
    seed: 1,
    now: day(31),
    jiraBaseUrl: 'https://acme.atlassian.net',
    linearWorkspaceUrl: 'https://linear.app/acme',
    teams: [
      { tracker: 'linear', key: 'MOB', id: '00000000-0000-4000-8000-0000000000c1', name: 'Mobile' },
      { tracker: 'linear', key: 'DATA', id: '00000000-0000-4000-8000-0000000000c2', name: 'Data' },
      { tracker: 'jira', key: 'PAY', id: '10000', name: 'Payments' },
    ],
    projects: [{ id: IDS.project, name: 'Launch readiness', tracker: 'linear' }],
    issues: [
      issue(
        { id: IDS.mob1, key: 'MOB-1', teamKey: 'MOB', title: 'Build login screen', status: 'Done', category: 'done', createdAt: day(1), updatedAt: day(10), startedAt: day(3), completedAt: day(10), labels: ['ios'], assignee: ann, estimate: 3 },
        [
          { at: day(1), from: null, to: 'Todo', toCategory: 'todo' },
          { at: day(3), from: 'Todo', to: 'In Progress', toCategory: 'in_progress' },
          { at: day(10), from: 'In Progress', to: 'Done', toCategory: 'done' },
        ],
      ),
      issue({ id: IDS.mob2, key: 'MOB-2', teamKey: 'MOB', title: 'Wire payments API', status: 'In Progress', category: 'in_progress', createdAt: day(2), updatedAt: day(12), startedAt: day(12), dueDate: '2026-02-15' }, [
        { at: day(2), from: null, to: 'Todo', toCategory: 'todo' },
        { at: day(12), from: 'Todo', to: 'In Progress', toCategory: 'in_progress' },
      ]),
      issue({ id: IDS.mob3, key: 'MOB-3', teamKey: 'MOB', title: 'Polish onboarding!', status: 'Todo', category: 'todo', createdAt: day(3), updatedAt: day(5), parentId: IDS.mob2, projectId: IDS.project }),
      issue({ id: IDS.data1, key: 'DATA-1', previousKeys: ['MOB-4'], teamKey: 'DATA', title: 'Backfill events', status: 'Backlog', category: 'todo', createdAt: day(4), updatedAt: day(20) }),
      issue({ id: IDS.data2, key: 'DATA-2', teamKey: 'DATA', title: 'Old spike', status: 'Canceled', category: 'done', createdAt: day(5), updatedAt: day(6), completedAt: day(6), archived: true }),
      issue({ id: IDS.data3, key: 'DATA-3', teamKey: 'DATA', title: 'Deleted work', status: 'Todo', category: 'todo', createdAt: day(6), updatedAt: day(7), deleted: true }),
      issue({ tracker: 'jira', id: '10001', key: 'PAY-1', teamKey: 'PAY', title: 'Payments endpoint', status: 'To Do', category: 'todo', createdAt: day(1), updatedAt: day(2) }),
    ],
    links: [
      { id: '00000000-0000-4000-8000-0000000000d1', kind: 'blocks', fromId: IDS.mob1, toId: IDS.mob2, createdAt: day(2) },
      { id: '00000000-0000-4000-8000-0000000000d2', kind: 'relates', fromId: IDS.mob2, toId: IDS.data1, createdAt: day(4) },
      { id: '00000000-0000-4000-8000-0000000000d3', kind: 'duplicates', fromId: IDS.data2, toId: IDS.data1, createdAt: day(5) },
      { id: '00000000-0000-4000-8000-0000000000d4', kind: 'blocks', fromId: IDS.data3, toId: IDS.mob1, createdAt: day(6) },
      { id: '00000000-0000-4000-8000-0000000000d5', kind: 'blocks', fromId: '10001', toId: IDS.mob3, createdAt: day(6) },
    ],
    crossLinks: [{ id: '00000000-0000-4000-8000-0000000000e1', fromId: IDS.mob3, url: 'https://acme.atlassian.net/browse/PAY-1', title: 'blocks PAY-1', kind: 'blocks' }],
    expected: { criticalPath: [], cycles: [], staleIds: [], unassignedIds: [], movedIds: [], deletedIds: [IDS.data3] },
  };
}
