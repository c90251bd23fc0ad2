import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, isAuthError, isRateLimitError, type CloudClient } from 'jira.js';
import { createLinkTypeResolver } from '../../../services/connectors/jira/jira-link-types.js';
import { normalizeIssueLinks } from '../../../services/connectors/jira/jira-links.js';
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

  it('renders links under several type names, both ends agreeing, and story points per project like Jira', async () => {
    const resolve = createLinkTypeResolver();
    const jiraIds = new Set(program.issues.filter((i) => i.tracker === 'jira').map((i) => i.id));
    const blocks = program.links.filter((l) => l.kind === 'blocks' && jiraIds.has(l.fromId) && jiraIds.has(l.toId)).slice(0, 15);
    const typeNames = new Set<string>();
    for (const link of blocks) {
      for (const [selfId, otherId] of [[link.fromId, link.toId], [link.toId, link.fromId]] as const) {
        const issue = await jira.issues.getIssue({ issueIdOrKey: selfId, fields: ['issuelinks'] });
        const entry = (issue.fields!.issuelinks as { id: string; type: { name: string } }[]).find((l) => l.id === link.id)!;
        typeNames.add(entry.type.name);
        const self = { sourceName: 'j', externalId: selfId, key: issue.key! };
        const out = normalizeIssueLinks(self, [entry], 'j', resolve).links.map((l) => ['externalId' in l.from ? l.from.externalId : '', l.kind, 'externalId' in l.to ? l.to.externalId : '']);
        expect(out, `${link.id} seen from ${selfId} (other ${otherId})`).toEqual([[link.fromId, 'blocks', link.toId]]);
      }
    }
    expect([...typeNames].sort()).toEqual(['Blocks', 'Dependent', 'dependent']);

    // Company-managed projects fill "Story Points", team-managed ones "Story point estimate".
    const byProject = new Map<string, { company: number; team: number }>();
    for (const source of program.issues.filter((i) => i.tracker === 'jira' && !i.deleted && i.estimate !== null).slice(0, 60)) {
      const issue = await jira.issues.getIssue({ issueIdOrKey: source.id, fields: ['customfield_10016', 'customfield_10026'] });
      const company = issue.fields!.customfield_10026 as number | null;
      const team = issue.fields!.customfield_10016 as number | null;
      expect(company ?? team).toBe(source.estimate);
      expect(company === null || team === null).toBe(true);
      const counts = byProject.get(source.teamKey) ?? { company: 0, team: 0 };
      byProject.set(source.teamKey, { company: counts.company + (company === null ? 0 : 1), team: counts.team + (team === null ? 0 : 1) });
    }
    expect([...byProject.values()].some((c) => c.company > 0 && c.team === 0)).toBe(true);
    expect([...byProject.values()].some((c) => c.team > 0 && c.company === 0)).toBe(true);

    const source = program.issues.find((i) => i.tracker === 'jira' && !i.deleted)!;
    const issue = await jira.issues.getIssue({ issueIdOrKey: source.id });
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

  it('pages the changelog, embeds at most 40 entries (total counts all) and bulk-fetches the rest', async () => {
    const issue = program.issues.find((i) => i.teamKey === 'CORE' && !i.deleted && i.category !== 'done')!;
    const start = Date.parse('2026-03-06T00:00:00Z');
    for (let k = 0; k < 50; k++) changeStatus(program, issue.id, k % 2 === 0 ? 'In Review' : 'In Progress', new Date(start + k * 60_000));
    const total = issue.history.length - 1;
    const first = await jira.issues.getChangeLogs({ issueIdOrKey: issue.key, startAt: 0, maxResults: 40 });
    expect(first).toMatchObject({ startAt: 0, maxResults: 40, total, isLast: false });
    const second = await jira.issues.getChangeLogs({ issueIdOrKey: issue.key, startAt: 40, maxResults: 40 });
    expect(first.values.length + second.values.length).toBe(total);
    expect(second.isLast).toBe(true);

    const search = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: `key = ${issue.key}`, fields: ['status'], expand: 'changelog' });
    const changelog = search.issues![0]!.changelog!;
    expect(total).toBeGreaterThan(40);
    expect(changelog.histories).toHaveLength(40);
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
    expect(types.issueLinkTypes?.map((t) => t.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates', 'Dependent', 'dependent']);
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

describe('Jira sandbox: what other clients and people ask a real site', () => {
  let program: SandboxProgram;
  let sandbox: JiraSandbox;
  const auth = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
  const get = (path: string, init: RequestInit = {}) => fetch(`${sandbox.url}${path}`, { ...init, headers: { authorization: auth, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    program = generateProgram({ seed: 7, size: 'demo', now, jiraBaseUrl: 'http://127.0.0.1:0', linearWorkspaceUrl: 'https://linear.app/acme' });
    sandbox = await startJiraSandbox({ program, port: 0, email, apiToken, bulkChangelogDates: 'epoch' });
  });
  afterAll(() => sandbox.close());

  it('serves an issue outside the program\'s projects (SEC-12) instead of failing', async () => {
    const response = await get('/rest/api/3/issue/SEC-12');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { key: string; fields: { project: { key: string }; summary: string } };
    expect(body).toMatchObject({ key: 'SEC-12', fields: { project: { key: 'SEC' } } });
  });

  it('serves issues on /rest/api/2 and /rest/api/latest with wiki-text descriptions', async () => {
    const issue = program.issues.find((i) => i.tracker === 'jira' && !i.deleted && i.description)!;
    for (const version of ['2', 'latest']) {
      const response = await get(`/rest/api/${version}/issue/${issue.key}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { key: string; self: string; fields: { summary: string; description: unknown } };
      expect(body.key).toBe(issue.key);
      expect(body.self).toContain('/rest/api/2/issue/');
      expect(body.fields.summary).toBe(issue.title);
      expect(body.fields.description).toBe(issue.description);
    }
    expect((await get(`/rest/api/latest/issue/${issue.key}/changelog`)).status).toBe(200);
  });

  it('answers the removed classic search as Jira Cloud does (410 Gone)', async () => {
    for (const path of ['/rest/api/2/search?jql=project%3DPAY', '/rest/api/3/search?jql=project%3DPAY']) {
      const response = await get(path);
      expect(response.status).toBe(410);
      expect(((await response.json()) as { errorMessages: string[] }).errorMessages[0]).toMatch(/migrate to the \/rest\/api\/3\/search\/jql API/);
    }
  });

  it('can send bulk changelog dates as epoch seconds, as Atlassian\'s example does', async () => {
    const issue = program.issues.find((i) => i.tracker === 'jira' && !i.deleted && i.history.length > 2)!;
    const response = await get('/rest/api/3/changelog/bulkfetch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ issueIdsOrKeys: [issue.id] }),
    });
    const body = (await response.json()) as { issueChangeLogs: { changeHistories: { created: unknown }[] }[] };
    const created = body.issueChangeLogs[0]!.changeHistories.map((h) => h.created);
    expect(created.length).toBeGreaterThan(0);
    for (const value of created) expect(Number.isInteger(value)).toBe(true);
  });

  it('renders /browse/KEY as an issue page, without API credentials', async () => {
    const response = await fetch(`${sandbox.url}/browse/SEC-12`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('SEC-12');
    expect(html).toContain('Security review: card tokenization service');
    expect((await fetch(`${sandbox.url}/browse/NOPE-1`)).status).toBe(404);
  });
});
