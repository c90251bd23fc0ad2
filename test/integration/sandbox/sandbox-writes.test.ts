/**
 * The sandbox trackers' write endpoints behave like the real ones where write-back depends on it:
 * they store what is written, let it be read back, and refuse what Jira Cloud / Linear refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import { startJiraSandbox, type JiraSandbox } from '../../../services/sandbox/jira/jira-server.js';
import { MAX_COMMENT_CHARS, PER_ISSUE_WRITES } from '../../../services/sandbox/jira/jira-write-routes.js';
import { startLinearSandbox, type LinearSandbox } from '../../../services/sandbox/linear/linear-server.js';
import type { SandboxProgram } from '../../../services/sandbox/program-model.js';
import { IDS, linearFixture } from '../../unit/sandbox/linear-fixture.js';

const paragraph = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('Jira sandbox write endpoints', () => {
  const email = 'bot@example.com';
  const apiToken = 'sandbox-token';
  let program: SandboxProgram;
  let sandbox: JiraSandbox;
  let issueKey: string;
  const auth = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
  };

  beforeAll(async () => {
    program = generateProgram({ seed: 21, size: 'small', now: new Date('2026-03-02T00:00:00Z'), jiraBaseUrl: 'http://127.0.0.1:0', linearWorkspaceUrl: 'https://linear.app/acme' });
    // A minute-long window: the burst limit trips however slowly this machine sends.
    sandbox = await startJiraSandbox({ program, port: 0, email, apiToken, perIssueWrites: { writes: PER_ISSUE_WRITES, windowMs: 60_000 } });
    issueKey = program.issues.find((i) => i.tracker === 'jira' && !i.deleted)!.key;
  });
  afterAll(() => sandbox.close());

  it('stores ADF comments, edits them in place and pages them back', async () => {
    const created = await call('POST', `/rest/api/3/issue/${issueKey}/comment`, { body: paragraph('first') });
    expect(created.status).toBe(201);
    const id = created.body!['id'] as string;
    expect((await call('PUT', `/rest/api/3/issue/${issueKey}/comment/${id}?notifyUsers=false`, { body: paragraph('second') })).status).toBe(200);
    const page = await call('GET', `/rest/api/3/issue/${issueKey}/comment`);
    expect(page.body).toMatchObject({ startAt: 0, total: 1, comments: [{ id, body: paragraph('second') }] });
    expect(sandbox.writes.comments(issueKey)).toHaveLength(1);
    expect(sandbox.writes.comments(issueKey)[0]?.edits).toBe(1);
    expect((await call('PUT', `/rest/api/3/issue/${issueKey}/comment/99999999`, { body: paragraph('x') })).status).toBe(404);
  });

  it('refuses plain-string bodies, empty text nodes and over-long comments like Jira Cloud', async () => {
    for (const body of ['plain text', { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }, paragraph('x'.repeat(MAX_COMMENT_CHARS + 1))]) {
      const answer = await call('POST', `/rest/api/3/issue/${issueKey}/comment`, { body });
      expect(answer.status).toBe(400);
      expect(answer.body!['errors']).toHaveProperty('comment');
    }
    expect((await call('POST', '/rest/api/3/issue/NOPE-1/comment', { body: paragraph('x') })).status).toBe(404);
  });

  it('adds and removes labels through edit-issue update verbs', async () => {
    expect((await call('PUT', `/rest/api/3/issue/${issueKey}`, { update: { labels: [{ add: 'seams-critical' }] } })).status).toBe(204);
    expect(program.issues.find((i) => i.key === issueKey)?.labels).toContain('seams-critical');
    expect((await call('PUT', `/rest/api/3/issue/${issueKey}`, { update: { labels: [{ remove: 'seams-critical' }] } })).status).toBe(204);
    expect(program.issues.find((i) => i.key === issueKey)?.labels).not.toContain('seams-critical');
    expect((await call('PUT', `/rest/api/3/issue/${issueKey}`, { update: { labels: [{ add: 'has space' }] } })).status).toBe(400);
  });

  it('limits writes per issue with a 429 that says how long to wait, and can deny writing altogether', async () => {
    const other = program.issues.filter((i) => i.tracker === 'jira' && !i.deleted)[1]!.key;
    const answers = [];
    for (let i = 0; i <= PER_ISSUE_WRITES; i++) answers.push(await call('POST', `/rest/api/3/issue/${other}/comment`, { body: paragraph(`n${i}`) }));
    const limited = answers.at(-1)!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');

    sandbox.writes.denyWrites(403);
    const denied = await call('POST', `/rest/api/3/issue/${issueKey}/comment`, { body: paragraph('x') });
    expect(denied.status).toBe(403);
    sandbox.writes.denyWrites(null);
  });
});

describe('Linear sandbox mutations', () => {
  const API_KEY = 'lin_api_sandbox_key';
  let sandbox: LinearSandbox;
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(sandbox.url, { method: 'POST', headers: { Authorization: API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions: { code: string } }[] } };
  };
  const CREATE = 'mutation C($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { id body } } }';

  beforeAll(async () => {
    sandbox = await startLinearSandbox({ program: linearFixture(), apiKey: API_KEY });
  });
  afterAll(() => sandbox.close());

  it('creates comments by issue id or identifier, updates them, and serves them back', async () => {
    const created = await gql(CREATE, { input: { issueId: 'MOB-1', body: 'hello' } });
    const comment = (created.body.data!['commentCreate'] as { comment: { id: string } }).comment;
    await gql('mutation U($id: String!, $input: CommentUpdateInput!) { commentUpdate(id: $id, input: $input) { success } }', { id: comment.id, input: { body: 'hello again' } });
    const read = await gql('query Q($id: String!) { issue(id: $id) { comments(first: 10) { nodes { id body editedAt issue { identifier } } } } }', { id: IDS.mob1 });
    expect(read.body.data).toMatchObject({ issue: { comments: { nodes: [{ id: comment.id, body: 'hello again', issue: { identifier: 'MOB-1' } }] } } });
    expect(sandbox.writes.comments('MOB-1')).toHaveLength(1);
  });

  it('answers like Linear to an empty body, an unknown comment and a read-only key', async () => {
    expect((await gql(CREATE, { input: { issueId: 'MOB-1', body: ' ' } })).body.errors?.[0]?.message).toBe('Argument Validation Error');
    const missing = await gql('mutation U($id: String!) { commentUpdate(id: $id, input: { body: "x" }) { success } }', { id: 'nope' });
    expect(missing.body.errors?.[0]?.message).toBe('Entity not found: Comment');
    sandbox.writes.denyWrites(true);
    const denied = await gql(CREATE, { input: { issueId: 'MOB-1', body: 'x' } });
    expect(denied.status).toBe(400);
    expect(denied.body.errors?.[0]).toMatchObject({ message: 'Invalid scope: `write` required', extensions: { code: 'FORBIDDEN' } });
    sandbox.writes.denyWrites(false);
  });

  it('creates a workspace label once and adds it to and removes it from an issue', async () => {
    const made = await gql('mutation L($input: IssueLabelCreateInput!) { issueLabelCreate(input: $input) { issueLabel { id name } } }', { input: { name: 'seams-critical' } });
    const labelId = (made.body.data!['issueLabelCreate'] as { issueLabel: { id: string } }).issueLabel.id;
    const again = await gql('mutation L($input: IssueLabelCreateInput!) { issueLabelCreate(input: $input) { success } }', { input: { name: 'Seams-Critical' } });
    expect(again.body.errors?.[0]?.message).toBe('Duplicate label name');
    const found = await gql('query { issueLabels(filter: { name: { eqIgnoreCase: "SEAMS-CRITICAL" } }) { nodes { id team { id } } } }');
    expect(found.body.data).toEqual({ issueLabels: { nodes: [{ id: labelId, team: null }] } });
    await gql('mutation A($id: String!, $l: String!) { issueAddLabel(id: $id, labelId: $l) { success } }', { id: IDS.mob1, l: labelId });
    const labels = async () =>
      ((await gql('query Q($id: String!) { issue(id: $id) { labels { nodes { id name } } } }', { id: IDS.mob1 })).body.data!['issue'] as { labels: { nodes: { id: string }[] } }).labels.nodes.map((l) => l.id);
    expect(await labels()).toContain(labelId);
    await gql('mutation R($id: String!, $l: String!) { issueRemoveLabel(id: $id, labelId: $l) { success } }', { id: IDS.mob1, l: labelId });
    expect(await labels()).not.toContain(labelId);
  });
});
