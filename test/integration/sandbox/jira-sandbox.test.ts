import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, isAuthError, isRateLimitError, type CloudClient } from 'jira.js';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import { startJiraSandbox, type JiraSandbox } from '../../../services/sandbox/jira/jira-server.js';
import { changeStatus, moveIssue, touchIssues } from '../../../services/sandbox/program-mutations.js';
import type { SandboxProgram } from '../../../services/sandbox/program-model.js';

const email = 'bot@example.com';
const apiToken = 'sandbox-token';
const now = new Date('2026-03-02T00:00:00Z');

function client(sandbox: JiraSandbox, token = apiToken): CloudClient {
  return createCloudClient({ host: sandbox.url, auth: { type: 'basic', email, apiToken: token }, onSchemaMismatch: 'throw' });
}

describe('Jira sandbox through jira.js', () => {
  let program: SandboxProgram;
  let sandbox: JiraSandbox;
  let jira: CloudClient;

  beforeAll(async () => {
    program = generateProgram({ seed: 21, size: 'small', now, jiraBaseUrl: 'http://127.0.0.1:0', linearWorkspaceUrl: 'https://linear.app/acme' });
    sandbox = await startJiraSandbox({ program, port: 0, email, apiToken });
    jira = client(sandbox);
  });
  afterAll(() => sandbox.close());

  const jiraKeys = () => program.teams.filter((t) => t.tracker === 'jira').map((t) => t.key);

  async function fetchAll(jql: string, fields: string[], maxResults = 100) {
    const seen: { id: string; key: string; fields: Record<string, unknown> }[] = [];
    let nextPageToken: string | undefined;
    for (let pages = 0; pages < 1_000; pages++) {
      const page = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql, fields, maxResults, nextPageToken });
      for (const issue of page.issues ?? []) seen.push({ id: issue.id!, key: issue.key!, fields: issue.fields ?? {} });
      if (page.isLast) return seen;
      nextPageToken = page.nextPageToken ?? undefined;
    }
    throw new Error('paging did not end');
  }

  it('pages through every live Jira issue exactly once', async () => {
    const jql = `project in (${jiraKeys().join(', ')}) ORDER BY updated ASC, id ASC`;
    const seen = await fetchAll(jql, ['summary', 'status', 'updated', 'customfield_10026', 'issuelinks', 'parent'], 100);
    const live = program.issues.filter((i) => i.tracker === 'jira' && !i.deleted);
    expect(seen.map((s) => s.id).sort()).toEqual(live.map((i) => i.id).sort());
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    const updated = seen.map((s) => Date.parse(String(s.fields.updated).replace('+0000', 'Z')));
    expect([...updated].sort((a, b) => a - b)).toEqual(updated);
    const moved = program.issues.find((i) => i.id === program.expected.movedIds[0])!;
    expect(seen.find((s) => s.id === moved.id)?.key).toBe(moved.key);
    expect(seen.some((s) => program.expected.deletedIds.includes(s.id))).toBe(false);
  });

  it('returns ids only without fields, with the 5000 id page cap', async () => {
    const page = await jira.issueSearch.searchAndReconsileIssuesUsingJql({ jql: `project = PAY`, maxResults: 10_000 });
    const pay = program.issues.filter((i) => i.teamKey === 'PAY' && !i.deleted);
    expect(page.issues).toHaveLength(pay.length);
    expect(Object.keys(page.issues![0]!)).toEqual(['id']);
    expect(page.isLast).toBe(true);
  });

  it('renders links, estimates, status categories and parent like Jira', async () => {
    const blocks = program.links.find((l) => l.kind === 'blocks' && program.issues.find((i) => i.id === l.fromId)?.tracker === 'jira')!;
    const issue = await jira.issues.getIssue({ issueIdOrKey: blocks.fromId });
    const links = issue.fields!.issuelinks as { type: { name: string; outward: string }; outwardIssue?: { id: string } }[];
    const link = links.find((l) => l.outwardIssue?.id === blocks.toId)!;
    expect(link.type).toMatchObject({ name: 'Blocks', outward: 'blocks' });
    const source = program.issues.find((i) => i.id === blocks.fromId)!;
    expect(issue.fields!.customfield_10026).toBe(source.estimate);
    expect((issue.fields!.status as { statusCategory: { key: string } }).statusCategory.key).toBe(
      { todo: 'new', in_progress: 'indeterminate', done: 'done' }[source.category],
    );
    const fields = await jira.issueFields.getFields();
    expect(fields.find((f) => f.name === 'Story Points')?.schema?.custom).toBe('com.atlassian.jira.plugin.system.customfieldtypes:float');
  });

  it('serves remote links to Linear issue URLs', async () => {
    const cross = program.crossLinks.find((c) => program.issues.find((i) => i.id === c.fromId)?.tracker === 'jira')!;
    const links = await jira.issueRemoteLinks.getRemoteIssueLinks({ issueIdOrKey: cross.fromId });
    const list = Array.isArray(links) ? links : [links];
    expect(list.map((l) => l.object?.url)).toContain(cross.url);
    expect(cross.url).toMatch(/^https:\/\/linear\.app\/acme\/issue\/[A-Z]+-\d+\//);
  });

  it('finds only changed issues with updated >=, and resolves moved keys', async () => {
    const since = new Date('2026-03-05T09:30:00Z');
    const touched = touchIssues(program, 0.05, 3, new Date('2026-03-05T09:31:00Z'));
    const issue = program.issues.find((i) => i.teamKey === 'WEB' && !i.deleted && i.category === 'todo')!;
    const oldKey = issue.key;
    moveIssue(program, oldKey, 'PAY', new Date('2026-03-05T09:32:00Z'));
    const jql = `project in (${jiraKeys().join(', ')}) AND updated >= "2026-03-05 09:30" ORDER BY updated ASC, id ASC`;
    const seen = await fetchAll(jql, ['updated', 'project'], 50);
    const expected = new Set(program.issues.filter((i) => i.tracker === 'jira' && !i.deleted && i.updatedAt >= since).map((i) => i.id));
    expect(new Set(seen.map((s) => s.id))).toEqual(expected);
    expect(expected.has(issue.id)).toBe(true);
    expect(touched.filter((id) => program.issues.find((i) => i.id === id)?.tracker === 'jira').every((id) => expected.has(id))).toBe(true);
    const byOldKey = await jira.issues.getIssue({ issueIdOrKey: oldKey, fields: ['project'] });
    expect(byOldKey.key).toBe(issue.key);
    expect((byOldKey.fields!.project as { key: string }).key).toBe('PAY');
  });

  it('pages the changelog, embeds at most 20 entries and bulk-fetches the rest', async () => {
    const issue = program.issues.find((i) => i.teamKey === 'CORE' && !i.deleted && i.category !== 'done')!;
    const start = Date.parse('2026-03-06T00:00:00Z');
    for (let k = 0; k < 30; k++) changeStatus(program, issue.id, k % 2 === 0 ? 'In Review' : 'In Progress', new Date(start + k * 60_000));
    const total = issue.history.length - 1;
    const first = await jira.issues.getChangeLogs({ issueIdOrKey: issue.key, startAt: 0, maxResults: 25 });
    expect(first).toMatchObject({ startAt: 0, maxResults: 25, total, isLast: false });
    const second = await jira.issues.getChangeLogs({ issueIdOrKey: issue.key, startAt: 25, maxResults: 25 });
    expect(first.values.length + second.values.length).toBe(total);
    expect(second.isLast).toBe(true);

    const search = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: `key = ${issue.key}`, fields: ['status'], expand: 'changelog' });
    const changelog = search.issues![0]!.changelog!;
    expect(changelog.histories).toHaveLength(20);
    expect(changelog.total).toBe(total);

    const ids: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const bulk = await jira.issues.getBulkChangelogs({ issueIdsOrKeys: [issue.id], fieldIds: ['status'], maxResults: 12, nextPageToken });
      for (const log of bulk.issueChangeLogs ?? []) ids.push(...(log.changeHistories ?? []).map((h) => h.id!));
      nextPageToken = bulk.nextPageToken ?? undefined;
    } while (nextPageToken);
    expect(ids).toEqual([...first.values, ...second.values].map((h) => h.id));
  });

  it('answers projects, myself and link types', async () => {
    const projects = await jira.projects.searchProjects({ maxResults: 2 });
    expect(projects).toMatchObject({ startAt: 0, total: jiraKeys().length, isLast: false });
    expect((await jira.myself.getCurrentUser()).emailAddress).toBe(email);
    const types = await jira.issueLinkTypes.getIssueLinkTypes();
    expect(types.issueLinkTypes?.map((t) => t.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates']);
  });

  it('rejects bad JQL and bad credentials in Jira error shapes', async () => {
    await expect(jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: 'project = PAY OR project = CORE' })).rejects.toMatchObject({ status: 400 });
    await expect(jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: 'ORDER BY updated' })).rejects.toMatchObject({ status: 400 });
    const error = await client(sandbox, 'wrong').myself.getCurrentUser().catch((e: unknown) => e);
    expect(isAuthError(error)).toBe(true);
  });

  it('injects 429 with Retry-After and counts requests per route', async () => {
    sandbox.resetStats();
    sandbox.setFaults({ rate429Every: 2, retryAfterSeconds: 7 });
    await jira.myself.getCurrentUser();
    const error = await jira.myself.getCurrentUser().catch((e: unknown) => e);
    expect(isRateLimitError(error)).toBe(true);
    expect((error as { retryAfterMs?: number }).retryAfterMs).toBe(7_000);
    sandbox.setFaults({ truncateEvery: 1 });
    await expect(jira.myself.getCurrentUser()).rejects.toThrow();
    sandbox.setFaults({});
    expect(sandbox.stats.byRoute['GET /rest/api/3/myself']).toBe(3);
    expect(sandbox.stats.faultsInjected).toBe(2);
  });
});
