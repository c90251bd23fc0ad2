import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinearConnector, type LinearConnector } from '../../../services/connectors/linear/linear-connector.js';
import { generateProgram } from '../../../services/sandbox/generate-program.js';
import { startLinearSandbox, type LinearSandbox } from '../../../services/sandbox/linear/linear-server.js';
import { changeStatus, deleteIssue, touchIssues } from '../../../services/sandbox/program-mutations.js';
import type { SandboxIssue, SandboxProgram } from '../../../services/sandbox/program-model.js';
import { createMemorySyncStore, type MemorySyncStore } from '../../helpers/memory-sync-store.js';
import { fakeTiming } from '../../unit/connectors/linear/linear-test-kit.js';

const API_KEY = 'lin_api_sandbox_key_0001';
const JIRA_BASE = 'http://127.0.0.1:4010';

let program: SandboxProgram;
let sandbox: LinearSandbox;
let store: MemorySyncStore;
let connector: LinearConnector;
let teams: string[];

const inScope = (issue: SandboxIssue): boolean => issue.tracker === 'linear' && !issue.deleted && !issue.archived;

beforeAll(async () => {
  program = generateProgram({
    seed: 20_260_522,
    size: 'small',
    // A day back, so nothing generated falls inside the overlap window of the first pass.
    now: new Date(Date.now() - 86_400_000),
    jiraBaseUrl: JIRA_BASE,
    linearWorkspaceUrl: 'https://linear.app/acme',
  });
  teams = program.teams.filter((t) => t.tracker === 'linear').map((t) => t.key);
  sandbox = await startLinearSandbox({ program, apiKey: API_KEY });
  store = createMemorySyncStore();
  connector = createLinearConnector({
    source: { name: 'linear', apiKey: API_KEY, apiUrl: sandbox.url },
    options: { teams, jiraSites: { [JIRA_BASE]: 'jira' } },
    store,
  });
});

afterAll(async () => {
  await sandbox.close();
});

describe('Linear connector against the sandbox Linear server', () => {
  it('full sync stores every issue, relation, Jira attachment and transition of the program', async () => {
    const summary = await connector.sync({ mode: 'full' });
    const expected = program.issues.filter(inScope);
    const ids = new Set(expected.map((i) => i.id));

    expect(summary.problems).toEqual([]);
    expect(store.items.size).toBe(expected.length);
    for (const issue of expected) {
      const item = store.items.get(`linear:${issue.id}`);
      expect(item?.key).toBe(issue.key);
      expect(item?.statusCategory).toBe(issue.category);
      expect(item?.teamExternalId).toBe(issue.teamKey);
    }
    expect(summary.requests).toBeLessThanOrEqual(Math.ceil(expected.length / 50));

    const stored = new Set(
      [...store.links.values()].map((l) => `${'externalId' in l.from ? l.from.externalId : l.from.key}>${'externalId' in l.to ? l.to.externalId : l.to.key}:${l.kind}`),
    );
    const nativeBlocks = program.links.filter((l) => l.kind === 'blocks' && ids.has(l.fromId) && ids.has(l.toId));
    expect(nativeBlocks.length).toBeGreaterThan(20);
    for (const link of nativeBlocks) expect(stored.has(`${link.fromId}>${link.toId}:blocks`)).toBe(true);
    expect([...store.links.values()].filter((l) => l.kind === 'blocks' && l.origin === 'linear:relation').length).toBe(
      program.links.filter((l) => l.kind === 'blocks' && (ids.has(l.fromId) || ids.has(l.toId))).length,
    );

    const crossLinks = program.crossLinks.filter((c) => ids.has(c.fromId));
    expect([...store.links.values()].filter((l) => l.origin === 'linear:attachment')).toHaveLength(crossLinks.length);
    expect(store.transitions.size).toBe(expected.reduce((n, i) => n + i.history.length, 0));
  });

  it('incremental sync after 1% of the program changed reads only the change', async () => {
    const at = new Date();
    const touched = new Set(touchIssues(program, 0.01, 7, at));
    const moved = program.issues.find((i) => inScope(i) && i.category === 'todo' && !touched.has(i.id)) as SandboxIssue;
    changeStatus(program, moved.id, 'In Progress', at);
    sandbox.reindex();
    const changed = program.issues.filter((i) => inScope(i) && (touched.has(i.id) || i.id === moved.id));

    const summary = await connector.sync({ mode: 'incremental' });

    expect(summary.items).toBe(changed.length);
    expect(summary.requests).toBeLessThanOrEqual(1 + Math.ceil(changed.length / 50));
    expect(store.items.get(`linear:${moved.id}`)?.statusCategory).toBe('in_progress');
    const movedTransitions = [...store.transitions.values()].filter((t) => 'externalId' in t.item && t.item.externalId === moved.id);
    expect(movedTransitions.at(-1)).toMatchObject({ toStatus: 'In Progress', toCategory: 'in_progress' });
  });

  it('reconciliation marks deleted issues', async () => {
    const victim = program.issues.find(inScope) as SandboxIssue;
    deleteIssue(program, victim.id);
    sandbox.reindex();

    const summary = await connector.reconcile();

    expect(summary).toMatchObject({ missing: 1, deleted: 1, outOfScope: 0 });
    expect(store.items.get(`linear:${victim.id}`)?.deleted).toBe(true);
    expect(store.deletedReasons.get(`linear:${victim.id}`)).toBe('deleted');
  });

  it('rides out injected RATELIMITED answers and 500s', async () => {
    sandbox.setFaults({ rateLimitedEvery: 2, error500Every: 3 });
    const faulty = createLinearConnector({
      source: { name: 'linear', apiKey: API_KEY, apiUrl: sandbox.url },
      options: { teams, pageSize: 25 },
      store: createMemorySyncStore(),
      timing: fakeTiming(Date.now()),
    });
    try {
      const summary = await faulty.sync({ mode: 'full' });
      expect(summary.items).toBe(program.issues.filter(inScope).length);
      expect(summary.rateLimitWaits).toBeGreaterThan(0);
    } finally {
      sandbox.setFaults({});
    }
  });

  it('rejects a wrong key with TrackerAuthError', async () => {
    const wrong = createLinearConnector({
      source: { name: 'linear', apiKey: 'lin_api_wrong_key', apiUrl: sandbox.url },
      options: { teams },
      store: createMemorySyncStore(),
    });
    await expect(wrong.sync({ mode: 'full' })).rejects.toMatchObject({ name: 'TrackerAuthError', sourceName: 'linear' });
  });
});
