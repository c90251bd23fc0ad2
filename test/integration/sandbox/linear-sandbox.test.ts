import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationLinearError,
  InternalLinearError,
  InvalidInputLinearError,
  LinearClient,
  RatelimitedLinearError,
  type LinearRawResponse,
} from '@linear/sdk';
import { startLinearSandbox, type LinearSandbox } from '../../../services/sandbox/linear/linear-server.js';
import { IDS, linearFixture } from '../../unit/sandbox/linear-fixture.js';

const API_KEY = 'lin_api_sandbox_key';

const ISSUE_PAGE = `query Page($first: Int, $after: String, $filter: IssueFilter, $archived: Boolean) {
  issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt, includeArchived: $archived) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier title url priority estimate dueDate createdAt updatedAt startedAt completedAt canceledAt archivedAt
      state { id name type }
      team { id key name }
      assignee { id name email displayName }
      project { id name }
      parent { id identifier }
      labels(first: 10) { nodes { name } }
      relations(first: 10) { nodes { id type relatedIssue { id identifier } } }
      inverseRelations(first: 10) { nodes { id type issue { id identifier } } }
      attachments(first: 5) { nodes { id url title sourceType } }
      history(first: 20) { nodes { id createdAt fromState { id name type } toState { id name type } fromPriority toPriority updatedDescription } }
      stateHistory(first: 10) { nodes { id startedAt endedAt state { id name type } } }
    }
  }
}`;

interface IssueNode {
  readonly id: string;
  readonly identifier: string;
  readonly [field: string]: unknown;
}
interface IssuePage {
  readonly issues: { readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null }; readonly nodes: IssueNode[] };
}

async function allIssues(client: LinearClient, variables: Record<string, unknown>): Promise<{ nodes: IssueNode[]; pages: number }> {
  const nodes: IssueNode[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const response: LinearRawResponse<IssuePage> = await client.client.rawRequest<IssuePage, Record<string, unknown>>(ISSUE_PAGE, { ...variables, after });
    pages += 1;
    const page: IssuePage['issues'] | undefined = response.data?.issues;
    if (!page) throw new Error('no data');
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    after = page.pageInfo.endCursor;
  }
}

describe('Linear sandbox through @linear/sdk', () => {
  let sandbox: LinearSandbox;
  let client: LinearClient;

  beforeAll(async () => {
    sandbox = await startLinearSandbox({ program: linearFixture(), apiKey: API_KEY });
    client = new LinearClient({ apiKey: API_KEY, apiUrl: sandbox.url });
  });
  afterAll(async () => sandbox.close());

  it('serves an issue with Linear field shapes, relations in both directions, attachments and history', async () => {
    const { nodes } = await allIssues(client, { first: 50, archived: false });
    const mob1 = nodes.find((node) => node.identifier === 'MOB-1');
    expect(mob1).toMatchObject({
      id: IDS.mob1,
      url: 'https://linear.app/acme/issue/MOB-1/build-login-screen',
      estimate: 3,
      completedAt: '2026-01-10T00:00:00.000Z',
      canceledAt: null,
      state: { name: 'Done', type: 'completed' },
      team: { key: 'MOB', name: 'Mobile' },
      assignee: { name: 'Ann Lee', email: 'ann.lee@example.com', displayName: 'ann.lee' },
      labels: { nodes: [{ name: 'ios' }] },
      relations: { nodes: [{ id: '00000000-0000-4000-8000-0000000000d1', type: 'blocks', relatedIssue: { id: IDS.mob2, identifier: 'MOB-2' } }] },
      inverseRelations: { nodes: [] },
    });
    // History mixes every kind of change, as Linear's does: state changes are a minority.
    const history = (mob1?.history as { nodes: { createdAt: string; fromState: { name: string } | null; toState: { type: string } | null }[] }).nodes;
    const stateChanges = history.filter((h) => h.toState !== null);
    expect(stateChanges.map((h) => [h.createdAt.slice(0, 10), h.fromState?.name ?? null, h.toState?.type])).toEqual([
      ['2026-01-10', 'In Progress', 'completed'],
      ['2026-01-03', 'Todo', 'started'],
      ['2026-01-01', null, 'unstarted'],
    ]);
    expect(history.length).toBeGreaterThan(2 * stateChanges.length);
    // stateHistory: one span per state, newest first, each ending where the next begins.
    const spans = (mob1?.stateHistory as { nodes: { startedAt: string; endedAt: string | null; state: { name: string } }[] }).nodes;
    expect(spans.map((span) => [span.state.name, span.startedAt.slice(0, 10), span.endedAt?.slice(0, 10) ?? null])).toEqual([
      ['Done', '2026-01-10', null],
      ['In Progress', '2026-01-03', '2026-01-10'],
      ['Todo', '2026-01-01', '2026-01-03'],
    ]);
    const mob2 = nodes.find((node) => node.identifier === 'MOB-2');
    expect(mob2?.inverseRelations).toEqual({ nodes: [{ id: '00000000-0000-4000-8000-0000000000d1', type: 'blocks', issue: { id: IDS.mob1, identifier: 'MOB-1' } }] });
    expect(mob2?.dueDate).toBe('2026-02-15');
    const mob3 = nodes.find((node) => node.identifier === 'MOB-3');
    expect(mob3).toMatchObject({
      parent: { id: IDS.mob2, identifier: 'MOB-2' },
      project: { id: IDS.project, name: 'Launch readiness' },
      attachments: { nodes: [{ url: 'https://acme.atlassian.net/browse/PAY-1', title: 'blocks PAY-1', sourceType: 'jira' }] },
      inverseRelations: { nodes: [] },
    });
  });

  it('pages through every live issue exactly once, archived only on request, deleted never', async () => {
    const live = await allIssues(client, { first: 2, archived: false });
    expect(live.pages).toBe(2);
    expect(live.nodes.map((n) => n.identifier)).toEqual(['DATA-1', 'MOB-2', 'MOB-1', 'MOB-3']);
    const withArchived = await allIssues(client, { first: 2, archived: true });
    expect(withArchived.nodes.map((n) => n.identifier)).toEqual(['DATA-1', 'MOB-2', 'MOB-1', 'DATA-2', 'MOB-3']);
    expect(withArchived.nodes.find((n) => n.identifier === 'DATA-2')).toMatchObject({ archivedAt: '2026-01-06T00:00:00.000Z', canceledAt: '2026-01-06T00:00:00.000Z', state: { type: 'canceled' } });
  });

  it('filters by updatedAt and team key', async () => {
    const recent = await allIssues(client, { filter: { updatedAt: { gte: '2026-01-10T00:00:00.000Z' } } });
    expect(recent.nodes.map((n) => n.identifier)).toEqual(['DATA-1', 'MOB-2', 'MOB-1']);
    const data = await allIssues(client, { filter: { team: { key: { in: ['DATA'] } } }, archived: true });
    expect(data.nodes.map((n) => n.identifier)).toEqual(['DATA-1', 'DATA-2']);
  });

  it('finds an issue by identifier (also a previous one) through the SDK models', async () => {
    const issue = await client.issue('MOB-4');
    expect(issue.identifier).toBe('DATA-1');
    await expect(client.issue('DATA-3')).rejects.toBeInstanceOf(InvalidInputLinearError);
    const viewer = await client.client.rawRequest<
      { organization: { urlKey: string }; teams: { nodes: { key: string }[] }; projects: { nodes: { id: string; name: string }[] } },
      Record<string, never>
    >('{ organization { urlKey } teams { nodes { key } } projects { nodes { id name } } }', {});
    expect(viewer.data?.organization.urlKey).toBe('acme');
    expect(viewer.data?.teams.nodes.map((t) => t.key).sort()).toEqual(['DATA', 'MOB']);
    expect(viewer.data?.projects.nodes).toEqual([{ id: IDS.project, name: 'Launch readiness' }]);
    const unsupported = await client.client.rawRequest('{ cycles { nodes { id } } }', {}).catch((e: unknown) => e);
    expect(String((unsupported as Error).message)).toContain('Unsupported query: cycles');
  });

  it('answers with Linear rate-limit and complexity headers', async () => {
    const response = await client.client.rawRequest('{ issues(first: 10) { nodes { id title } } }', {});
    expect(response.headers?.get('x-complexity')).toBe('13');
    expect(Number(response.headers?.get('x-ratelimit-requests-limit'))).toBe(5000);
    expect(Number(response.headers?.get('x-ratelimit-requests-remaining'))).toBeLessThan(5000);
    expect(Number(response.headers?.get('x-ratelimit-complexity-reset'))).toBeGreaterThan(Date.now() - 1000);
  });

  it('rejects a query that is invalid against the real schema', async () => {
    const error = await client.client.rawRequest('{ issues { nodes { id notAField } } }', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, type: 'GraphqlError' });
    expect(String((error as Error).message)).toContain('Cannot query field "notAField" on type "Issue"');
  });

  it('rejects a query above the per-query complexity ceiling like Linear', async () => {
    const error = await client.client.rawRequest('{ issues(first: 250) { nodes { id relations { nodes { id } } } } }', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputLinearError);
    expect(String((error as Error).message)).toContain('Maximum allowed complexity: 10000');
  });

  it('rejects a wrong API key and accepts a Bearer token', async () => {
    const wrong = new LinearClient({ apiKey: 'lin_api_wrong', apiUrl: sandbox.url });
    const error = await wrong.client.rawRequest('{ viewer { id } }', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationLinearError);
    expect(error).toMatchObject({ status: 401, errors: [{ message: 'You need to authenticate to access this operation.' }] });
    const bearer = new LinearClient({ accessToken: API_KEY, apiUrl: sandbox.url });
    expect((await bearer.viewer).name).toBe('Seams Sandbox');
  });

  it('injects RATELIMITED, 500 and truncated answers on schedule', async () => {
    const query = '{ viewer { id } }';
    sandbox.setFaults({ rateLimitedEvery: 1 });
    const limited = await client.client.rawRequest(query, {}).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RatelimitedLinearError);
    expect(limited).toMatchObject({ status: 400, retryAfter: 1, errors: [{ type: 'Ratelimited' }] });
    sandbox.setFaults({ error500Every: 1 });
    await expect(client.client.rawRequest(query, {})).rejects.toBeInstanceOf(InternalLinearError);
    sandbox.setFaults({ truncateEvery: 1 });
    await expect(client.client.rawRequest(query, {})).rejects.toThrow();
    sandbox.setFaults({ error500Every: 2 });
    const first = sandbox.stats.requests;
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => client.client.rawRequest(query, {}).then(() => 'ok', () => 'fail')));
    expect(outcomes.filter((o) => o === 'fail')).toHaveLength(2);
    expect(sandbox.stats.requests).toBe(first + 4);
    sandbox.setFaults({ delayMs: 120 });
    const started = performance.now();
    await client.client.rawRequest(query, {});
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    sandbox.setFaults({});
    expect((await client.client.rawRequest<{ viewer: { id: string } }, Record<string, never>>(query, {})).data?.viewer.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Linear sandbox limits', () => {
  it('runs the request bucket dry and answers RATELIMITED with its headers', async () => {
    const sandbox = await startLinearSandbox({ program: linearFixture(), apiKey: API_KEY, limits: { requestsPerHour: 3 } });
    try {
      const client = new LinearClient({ apiKey: API_KEY, apiUrl: sandbox.url });
      for (let i = 0; i < 3; i += 1) await client.client.rawRequest('{ viewer { id } }', {});
      const error = await client.client.rawRequest('{ viewer { id } }', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RatelimitedLinearError);
      expect(error).toMatchObject({ requestsLimit: 3, requestsRemaining: 0 });
      expect((error as RatelimitedLinearError).retryAfter).toBeGreaterThanOrEqual(1);
    } finally {
      await sandbox.close();
    }
  });
});
