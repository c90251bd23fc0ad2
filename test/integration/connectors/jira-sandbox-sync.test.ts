/**
 * The Jira connector against the sandbox Jira server: the real jira.js endpoint functions, our
 * transport, the generated 'small' program, and the in-memory store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySyncStore, type MemorySyncStore } from '../../helpers/memory-sync-store.js';
import { createJiraConnector, type JiraConnector } from '../../../services/connectors/jira/jira-connector.js';
import { parseLinearIssueUrl } from '../../../services/connectors/cross-links.js';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import { deleteIssue, moveIssue, touchIssues } from '../../../services/sandbox/program-mutations.js';
import { startJiraSandbox, type JiraSandbox } from '../../../services/sandbox/jira/jira-server.js';
import type { SandboxProgram } from '../../../services/sandbox/program-model.js';
import type { ItemRef } from '../../../services/connectors/connector-types.js';

const EMAIL = 'bot@acme.example';
const TOKEN = 'sandbox-token-123';
const NOW = new Date('2026-06-01T12:00:00Z');

let program: SandboxProgram;
let sandbox: JiraSandbox;
let store: MemorySyncStore;
let connector: JiraConnector;
let projects: string[];

const liveJira = () => program.issues.filter((i) => i.tracker === 'jira' && !i.deleted);
const linkKey = (from: string, to: string, kind: string) => `${from}>${to}:${kind}`;
const refId = (ref: ItemRef) => ('externalId' in ref ? `${ref.sourceName}:${ref.externalId}` : `${ref.sourceName}:key:${ref.key}`);

beforeAll(async () => {
  program = generateProgram({ seed: 11, size: 'small', now: NOW, jiraBaseUrl: 'http://127.0.0.1:1', linearWorkspaceUrl: 'https://linear.app/acme' });
  sandbox = await startJiraSandbox({ program, port: 0, email: EMAIL, apiToken: TOKEN });
  projects = program.teams.filter((t) => t.tracker === 'jira').map((t) => t.key);
  store = createMemorySyncStore();
  connector = createJiraConnector({
    source: { name: 'jira', baseUrl: sandbox.url, email: EMAIL, apiToken: TOKEN },
    // Default remote-link mode: only issues whose history shows a RemoteIssueLink change are asked.
    options: { projects, linearWorkspaces: { acme: 'linear' }, concurrency: 8 },
    store,
  });
});

afterAll(async () => {
  await sandbox?.close();
});

describe('Jira connector against the sandbox', () => {
  it('full sync stores every live issue once, with normalized links', async () => {
    const emitted = new Set<string>();
    store.beforeCommit = (page) => {
      for (const l of page.links) emitted.add(linkKey(refId(l.from), refId(l.to), l.kind));
    };
    const summary = await connector.sync({ mode: 'full' });
    store.beforeCommit = undefined;
    const expected = liveJira();
    expect(summary.items).toBe(expected.length);
    expect(new Set([...store.items.values()].map((i) => i.externalId))).toEqual(new Set(expected.map((i) => i.id)));
    expect(summary.problems).toEqual([]);

    const byId = new Map(expected.map((i) => [i.id, i]));
    const stored = new Set([...store.links.keys()]);
    let checked = 0;
    for (const link of program.links) {
      if (!byId.has(link.fromId) || !byId.has(link.toId)) continue;
      expect(stored).toContain(linkKey(`jira:${link.fromId}`, `jira:${link.toId}`, link.kind));
      checked++;
    }
    for (const cross of program.crossLinks) {
      if (!byId.has(cross.fromId)) continue;
      const ident = parseLinearIssueUrl(cross.url)?.identifier;
      if (!ident) continue;
      expect(stored).toContain(linkKey(`jira:${cross.fromId}`, `linear:key:${ident}`, cross.kind));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // Parent links are declared by the child; the memory store drops them when the parent's page
    // comes later (it replaces by `from`, db/ by declaring item), so check what the connector emitted.
    for (const issue of expected.filter((i) => i.parentId && byId.has(i.parentId))) {
      expect(emitted).toContain(linkKey(`jira:${issue.parentId}`, `jira:${issue.id}`, 'parent'));
    }
    const sample = expected.find((i) => i.category === 'done' && i.estimate !== null)!;
    expect(store.items.get(`jira:${sample.id}`)).toMatchObject({ key: sample.key, status: sample.status, statusCategory: 'done', estimate: sample.estimate });
    // The sandbox fills "Story Points" in company-managed and "Story point estimate" in
    // team-managed projects: every estimate arrives whichever field its project uses.
    for (const issue of expected) expect(store.items.get(`jira:${issue.id}`)?.estimate, issue.key).toBe(issue.estimate);
  });

  it('incremental sync after 1% changes reads only the changed issues (plus the overlap window)', async () => {
    const before = [...store.cursors.values()][0]!;
    const at = new Date(NOW.getTime() + 3_600_000);
    const touched = new Set(touchIssues(program, 0.01, 99, at).filter((id) => program.issues.find((i) => i.id === id)?.tracker === 'jira'));
    const mover = liveJira().find((i) => !touched.has(i.id) && i.teamKey !== projects[1])!;
    const oldKey = mover.key;
    moveIssue(program, mover.id, projects[1]!, at);
    touched.add(mover.id);

    const committed: string[] = [];
    store.beforeCommit = (page) => committed.push(...page.items.map((i) => i.externalId));
    sandbox.resetStats();
    const summary = await connector.sync({ mode: 'incremental' });
    store.beforeCommit = undefined;

    const floorMinute = Math.floor(before.updatedSince!.getTime() / 60_000) * 60_000;
    const overlap = liveJira().filter((i) => i.updatedAt.getTime() >= floorMinute - 5 * 60_000).map((i) => i.id);
    expect(new Set(committed)).toEqual(new Set([...touched, ...overlap]));
    expect(committed.length).toBe(new Set(committed).size);
    // Metadata (3) + one search page + remote links only for changed issues that ever had one.
    const remoteCalls = sandbox.stats.byRoute['GET /rest/api/3/issue/{idOrKey}/remotelink'] ?? 0;
    expect(sandbox.stats.byRoute['POST /rest/api/3/search/jql']).toBe(1);
    expect(remoteCalls).toBeLessThanOrEqual(committed.length);
    expect(summary.requests).toBe(3 + 1 + remoteCalls);
    expect(sandbox.stats.total).toBe(summary.requests);
    const moved = store.items.get(`jira:${mover.id}`)!;
    expect(moved.key).not.toBe(oldKey);
    expect(moved.key).toBe(mover.key);
    expect(store.items.size).toBe(liveJira().length);
    expect([...store.cursors.values()][0]!.updatedSince).toEqual(at);
  });

  it('reconciliation marks a deleted issue', async () => {
    const victim = liveJira()[5]!;
    deleteIssue(program, victim.id, new Date(NOW.getTime() + 7_200_000));
    const summary = await connector.reconcile();
    expect(summary).toMatchObject({ deleted: 1, outOfScope: 0, live: liveJira().length });
    expect(store.deletedReasons.get(`jira:${victim.id}`)).toBe('deleted');
  });
});

describe('Jira connector against a misbehaving sandbox', () => {
  it('rides out 429s, 500s and truncated bodies without losing or duplicating issues', async () => {
    const faulty = generateProgram({ seed: 5, size: 'small', now: NOW, jiraBaseUrl: 'http://127.0.0.1:1', linearWorkspaceUrl: 'https://linear.app/acme' });
    const server = await startJiraSandbox({
      program: faulty,
      port: 0,
      email: EMAIL,
      apiToken: TOKEN,
      faults: { rate429Every: 5, retryAfterSeconds: 0, error500Every: 7, truncateEvery: 11 },
    });
    try {
      const faultyStore = createMemorySyncStore();
      const committed: string[] = [];
      faultyStore.beforeCommit = (page) => committed.push(...page.items.map((i) => i.externalId));
      const summary = await createJiraConnector({
        source: { name: 'jira', baseUrl: server.url, email: EMAIL, apiToken: TOKEN },
        options: { projects: faulty.teams.filter((t) => t.tracker === 'jira').map((t) => t.key), linearWorkspaces: { acme: 'linear' } },
        store: faultyStore,
        retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 },
      }).sync({ mode: 'full' });
      const live = faulty.issues.filter((i) => i.tracker === 'jira' && !i.deleted).map((i) => i.id);
      expect(new Set(committed)).toEqual(new Set(live));
      expect(committed.length).toBe(live.length);
      expect(summary.rateLimitWaits).toBeGreaterThan(0);
      expect(server.stats.faultsInjected).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
