import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinearClient, type LinearRawResponse } from '@linear/sdk';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import { changeStatus, deleteIssue } from '../../../services/sandbox/program-mutations.js';
import type { SandboxProgram } from '../../../services/sandbox/program-model.js';
import { startLinearSandbox, type LinearSandbox } from '../../../services/sandbox/linear/linear-server.js';

const API_KEY = 'lin_api_generated';
const PAGE = `query Page($after: String, $filter: IssueFilter) {
  issues(first: 100, after: $after, filter: $filter, orderBy: updatedAt, includeArchived: true) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier updatedAt state { type }
      relations(first: 20) { nodes { type relatedIssue { id } } }
      inverseRelations(first: 20) { nodes { type issue { id } } }
    }
  }
}`;

interface Node {
  readonly id: string;
  readonly identifier: string;
  readonly updatedAt: string;
  readonly relations: { readonly nodes: readonly { readonly type: string; readonly relatedIssue: { readonly id: string } }[] };
  readonly inverseRelations: { readonly nodes: readonly { readonly type: string; readonly issue: { readonly id: string } }[] };
}
interface Page {
  readonly issues: { readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null }; readonly nodes: readonly Node[] };
}

async function pageAll(client: LinearClient, filter?: Record<string, unknown>): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const response: LinearRawResponse<Page> = await client.client.rawRequest<Page, Record<string, unknown>>(PAGE, { after, filter });
    const page: Page['issues'] | undefined = response.data?.issues;
    if (!page) throw new Error('no data');
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

describe('Linear sandbox over a generated program', () => {
  let program: SandboxProgram;
  let sandbox: LinearSandbox;
  let client: LinearClient;

  beforeAll(async () => {
    program = generateProgram({ seed: 42, size: 'small', jiraBaseUrl: 'http://127.0.0.1:4010', linearWorkspaceUrl: 'https://linear.app/acme' });
    sandbox = await startLinearSandbox({ program, apiKey: API_KEY });
    client = new LinearClient({ apiKey: API_KEY, apiUrl: sandbox.url });
  });
  afterAll(async () => sandbox.close());

  it('pages through every live Linear issue exactly once, with every native relation on both ends', async () => {
    const live = program.issues.filter((issue) => issue.tracker === 'linear' && !issue.deleted);
    const nodes = await pageAll(client);
    expect(nodes.map((n) => n.id).sort()).toEqual(live.map((issue) => issue.id).sort());

    const liveIds = new Set(live.map((issue) => issue.id));
    const native = program.links.filter((link) => liveIds.has(link.fromId) && liveIds.has(link.toId));
    const outgoing = nodes.flatMap((n) => n.relations.nodes.map((r) => `${n.id}>${r.relatedIssue.id}`));
    const incoming = nodes.flatMap((n) => n.inverseRelations.nodes.map((r) => `${r.issue.id}>${n.id}`));
    const expected = native.map((link) => `${link.fromId}>${link.toId}`);
    expect(outgoing.sort()).toEqual([...expected].sort());
    expect(incoming.sort()).toEqual([...expected].sort());
  });

  it('sees program mutations in the next updatedAt-filtered sync', async () => {
    const since = new Date(program.now.getTime() + 60_000);
    const target = program.issues.find((issue) => issue.tracker === 'linear' && !issue.deleted && issue.category === 'todo');
    const doomed = program.issues.find((issue) => issue.tracker === 'linear' && !issue.deleted && issue !== target);
    if (!target || !doomed) throw new Error('generated program lacks open Linear issues');
    const progressName = program.issues.find((issue) => issue.tracker === 'linear' && issue.category === 'in_progress')?.status;
    if (!progressName) throw new Error('generated program lacks an in-progress Linear status');

    changeStatus(program, target.id, progressName, new Date(since.getTime() + 1_000));
    deleteIssue(program, doomed.id, new Date(since.getTime() + 2_000));
    const changed = await pageAll(client, { updatedAt: { gt: since.toISOString() } });
    expect(changed.map((n) => n.identifier)).toEqual([target.key]);
    const all = await pageAll(client);
    expect(all.some((n) => n.id === doomed.id)).toBe(false);
  });
});
