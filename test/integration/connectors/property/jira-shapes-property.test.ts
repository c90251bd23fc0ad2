/**
 * Property-based sync of generated Jira Cloud sites (see jira-world.ts) through the real connector
 * (jira.js over our transport) into PGlite. Fixed seed and run count: reproducible, bounded time.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbSyncStore } from '../../../../db/sync-store.js';
import { upsertSources } from '../../../../db/sources.js';
import { PagingStalledError } from '../../../../services/connectors/cursor-guard.js';
import { createJiraConnector, type JiraSyncSummary } from '../../../../services/connectors/jira/jira-connector.js';
import type { ConnectorLogger } from '../../../../services/connectors/sync-types.js';
import { parseJiraDateTime } from '../../../../services/connectors/jira/jira-payload-schemas.js';
import { cleanText, isStorableInstant, MAX_STATUS_CHARS } from '../../../../services/connectors/value-sanitize.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { REQUEST_CAP, serveJira, jiraWorldArbitrary, type JiraHistoryEntry, type JiraWorld, type JiraWorldIssue } from './jira-world.js';

const SEED = 26;
const RUNS = 30;

let t: TestDatabase;
let run = 0;

beforeAll(async () => {
  t = await createTestDatabase('pglite');
});
afterAll(async () => {
  await t.drop();
});

/** When the history's status change is readable, the instant it must be stored at. */
function readableAt(entry: JiraHistoryEntry): Date | null {
  if (!entry.toString) return null;
  let at: Date | null = null;
  if (typeof entry.created === 'string') at = parseJiraDateTime(entry.created);
  if (typeof entry.created === 'number') at = new Date(Math.abs(entry.created) < 1e11 ? entry.created * 1000 : entry.created);
  return at && isStorableInstant(at) ? at : null;
}
const storedStatus = (name: string): string => {
  const cleaned = cleanText(name);
  return cleaned.length > MAX_STATUS_CHARS ? cleanText(cleaned.slice(0, MAX_STATUS_CHARS)) : cleaned;
};
const shortened = (value: string): string => {
  const cleaned = cleanText(value);
  return cleaned.length > 80 ? `${cleaned.slice(0, 80)}…` : cleaned;
};

interface Stored {
  readonly items: Array<{ external_id: string; placeholder: boolean; started_at: Date | null; completed_at: Date | null }>;
  readonly snapshot: string;
  readonly links: Set<string>;
  readonly transitions: Set<string>;
}

async function readStored(sourceName: string): Promise<Stored> {
  const { rows: items } = await sql<Stored['items'][number] & Record<string, unknown>>`
    select w.external_id, w.key, w.title, w.status, w.status_category, w.due_date, w.labels, w.started_at, w.completed_at,
      w.source_created_at, w.placeholder, w.deleted
    from work_items w join sources s on s.id = w.source_id where s.name = ${sourceName} order by w.external_id`.execute(t.db);
  const { rows: links } = await sql<{ f: string; t: string; kind: string }>`
    select a.external_id as f, b.external_id as t, l.kind from item_links l
    join work_items a on a.id = l.from_item join work_items b on b.id = l.to_item join sources s on s.id = a.source_id
    where s.name = ${sourceName} order by 1, 2, 3`.execute(t.db);
  const { rows: transitions } = await sql<{ e: string; at: Date; to_status: string }>`
    select w.external_id as e, st.at, st.to_status from status_transitions st join work_items w on w.id = st.item_id
    join sources s on s.id = w.source_id where s.name = ${sourceName} order by 1, 2, 3`.execute(t.db);
  return {
    items,
    snapshot: JSON.stringify({ items, links, transitions }),
    links: new Set(links.map((l) => `${l.f}>${l.t}:${l.kind}`)),
    transitions: new Set(transitions.map((r) => `${r.e}@${r.at.getTime()}>${r.to_status}`)),
  };
}

interface Outcome {
  readonly summary: JiraSyncSummary | null;
  readonly error: unknown;
  readonly requests: number;
  readonly served: Set<number>;
  /** Issue keys named by a warning (problems, skipped links). */
  readonly warned: Set<string>;
}

async function syncOnce(world: JiraWorld, sourceName: string): Promise<Outcome> {
  const server = await serveJira(world);
  const warned = new Set<string>();
  const note = (obj: object) => {
    const issue = (obj as { issue?: unknown }).issue;
    if (typeof issue === 'string') warned.add(issue);
  };
  const logger: ConnectorLogger = { info: () => undefined, debug: note, warn: note, error: () => undefined };
  try {
    const connector = createJiraConnector({
      source: { name: sourceName, baseUrl: server.url, email: 'bot@example.com', apiToken: 'property-token' },
      options: { projects: ['PAY'], pageSize: world.pageSize, remoteLinks: 'off' },
      store: createDbSyncStore(t.db),
      logger,
      timing: { now: () => Date.parse('2026-05-22T12:00:00Z'), sleep: async () => undefined },
      now: () => new Date('2026-05-22T12:00:00Z'),
      random: () => 0.5,
    });
    try {
      return { summary: await connector.sync({ mode: 'full' }), error: null, requests: server.requests, served: server.served, warned };
    } catch (error) {
      return { summary: null, error, requests: server.requests, served: server.served, warned };
    }
  } finally {
    await server.close();
  }
}

function checkInvariants(world: JiraWorld, outcome: Outcome, stored: Stored): void {
  const summary = outcome.summary!;
  const rows = new Map(stored.items.map((r) => [r.external_id, r]));
  const live = (issue: JiraWorldIssue) => {
    const row = rows.get(cleanText(issue.id));
    return row !== undefined && !row.placeholder;
  };
  const named = (issue: JiraWorldIssue) => {
    const forms = [issue.key, cleanText(issue.key), shortened(issue.key)];
    return summary.problems.some((p) => p.kind !== undefined && forms.includes(p.key)) || forms.some((f) => outcome.warned.has(f));
  };

  for (const index of outcome.served) {
    const issue = world.issues[index]!;
    if (!live(issue)) expect(named(issue), `issue ${issue.key.slice(0, 40)} neither stored nor named`).toBe(true);
  }
  for (const index of outcome.served) {
    const issue = world.issues[index]!;
    if (!live(issue)) continue;
    const id = cleanText(issue.id);
    for (const link of issue.links) {
      const target = world.issues[link.target]!;
      const other = cleanText(target.id);
      if (stored.links.has(`${id}>${other}:blocks`) || stored.links.has(`${other}>${id}:blocks`)) continue;
      expect(named(issue) || named(target), `link ${issue.key.slice(0, 40)} – ${target.key.slice(0, 40)} neither stored nor logged`).toBe(true);
    }
    for (const entry of issue.histories) {
      const at = readableAt(entry);
      if (!at) continue;
      if (!stored.transitions.has(`${id}@${at.getTime()}>${storedStatus(entry.toString)}`)) {
        expect(named(issue), `status change of ${issue.key.slice(0, 40)} at ${at.toISOString()} neither stored nor counted`).toBe(true);
      }
    }
  }
  for (const row of stored.items) {
    if (row.started_at && row.completed_at) expect(row.completed_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
  }
  expect(summary.dropped + summary.sanitised + summary.truncated).toBe(summary.problems.filter((p) => p.kind).length);
}

async function shortReport(details: fc.RunDetails<[JiraWorld]>): Promise<void> {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`property failed (seed ${details.seed}, path "${details.counterexamplePath ?? ''}"): ${cause.slice(0, 1500)}`);
}

describe('Jira connector against generated sites (payload shapes from the REST v3 schemas, property-based)', () => {
  it(`keeps or names every issue, link and status change, ends, and is idempotent (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(jiraWorldArbitrary, async (world) => {
        const sourceName = `jira-prop-${++run}`;
        await upsertSources(t.db, [{ name: sourceName, kind: 'jira', baseUrl: 'http://127.0.0.1', credentialsRef: null }]);
        const first = await syncOnce(world, sourceName);
        expect(first.requests).toBeLessThan(REQUEST_CAP);
        if (first.error !== null) {
          expect(first.error, (first.error as Error).stack).toBeInstanceOf(PagingStalledError);
          expect(world.searchQuirk === 'repeatToken' || world.searchQuirk === 'freshTokensForever' || world.bulkQuirk === 'repeatToken').toBe(true);
          return;
        }
        const stored = await readStored(sourceName);
        checkInvariants(world, first, stored);
        if (world.searchQuirk === 'missingToken' && first.served.size < world.issues.length) expect(first.summary!.truncated).toBeGreaterThan(0);

        const second = await syncOnce(world, sourceName);
        expect(second.error).toBeNull();
        expect((await readStored(sourceName)).snapshot).toBe(stored.snapshot);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, asyncReporter: shortReport },
    );
  }, 240_000);
});
