/**
 * Property-based sync of generated Linear workspaces (see linear-world.ts) through the real
 * connector into PGlite. Fixed seed and run count, so the suite is reproducible and its time
 * bounded; a failure prints the seed and path to replay one world.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDbSyncStore } from '../../../../db/sync-store.js';
import { upsertSources } from '../../../../db/sources.js';
import { PagingStalledError } from '../../../../services/connectors/cursor-guard.js';
import { createLinearConnector, type LinearSyncSummary } from '../../../../services/connectors/linear/linear-connector.js';
import type { SyncProblem } from '../../../../services/connectors/linear/linear-issue-pages.js';
import { cleanText, isStorableInstant, MAX_STATUS_CHARS } from '../../../../services/connectors/value-sanitize.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';
import { fakeTiming } from '../../../unit/connectors/linear/linear-test-kit.js';
import { REQUEST_CAP, serveWorld, worldArbitrary, type World, type WorldIssue } from './linear-world.js';

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

const linearDateTime = z.iso.datetime({ offset: true });
const readableInstant = (value: string): boolean => linearDateTime.safeParse(value).success && isStorableInstant(new Date(value));
const storedStatus = (name: string): string => {
  const cleaned = cleanText(name);
  return cleaned.length > MAX_STATUS_CHARS ? cleanText(cleaned.slice(0, MAX_STATUS_CHARS)) : cleaned;
};
const shortened = (value: string): string => {
  const cleaned = cleanText(value);
  return cleaned.length > 80 ? `${cleaned.slice(0, 80)}…` : cleaned;
};
const names = (problem: SyncProblem, issue: WorldIssue): boolean =>
  problem.identifier !== null && [issue.identifier, issue.id, cleanText(issue.identifier), shortened(issue.identifier)].includes(problem.identifier);

/**
 * The status changes an issue's state spans describe: in time order, entering each span with a
 * state is a change from the last state before it (a span of a deleted state is none, but an
 * unstorable instant still tells which state the issue was in). Keyed as stored, each with the
 * from statuses it may carry (several when spans share an instant and a stored status name).
 */
function statusChanges(issue: WorldIssue, externalId: string): Map<string, Set<string | null>> {
  const spans = issue.stateHistory
    .filter((span) => linearDateTime.safeParse(span.startedAt).success)
    .sort((a, b) => new Date(a.startedAt).getTime() - new Date(b.startedAt).getTime());
  const changes = new Map<string, Set<string | null>>();
  let previous: string | null = null;
  for (const span of spans) {
    if (!span.state) continue;
    if (readableInstant(span.startedAt)) {
      const key = `${externalId}@${new Date(span.startedAt).getTime()}>${storedStatus(span.state.name)}`;
      changes.set(key, (changes.get(key) ?? new Set()).add(previous === null ? null : storedStatus(previous)));
    }
    previous = span.state.name;
  }
  return changes;
}

interface Stored {
  readonly items: Array<{ id: number; external_id: string; key: string; placeholder: boolean; started_at: Date | null; completed_at: Date | null }>;
  readonly snapshot: string;
  readonly links: Set<string>;
  /** `external id@instant>to status` → the from status stored with it. */
  readonly transitions: Map<string, string | null>;
}

async function readStored(sourceName: string): Promise<Stored> {
  const { rows: items } = await sql<Stored['items'][number] & Record<string, unknown>>`
    select w.id, w.external_id, w.key, w.title, w.status, w.status_category, w.assignee, w.estimate, w.due_date, w.labels,
      w.started_at, w.completed_at, w.placeholder, w.deleted
    from work_items w join sources s on s.id = w.source_id where s.name = ${sourceName} order by w.external_id`.execute(t.db);
  const { rows: links } = await sql<{ f: string; t: string; kind: string; origin: string }>`
    select a.external_id as f, b.external_id as t, l.kind, l.origin from item_links l
    join work_items a on a.id = l.from_item join work_items b on b.id = l.to_item join sources s on s.id = a.source_id
    where s.name = ${sourceName} order by 1, 2, 3, 4`.execute(t.db);
  const { rows: transitions } = await sql<{ e: string; at: Date; from_status: string | null; to_status: string }>`
    select w.external_id as e, st.at, st.from_status, st.to_status from status_transitions st join work_items w on w.id = st.item_id
    join sources s on s.id = w.source_id where s.name = ${sourceName} order by 1, 2, 3`.execute(t.db);
  const snapshotItems = items.map(({ id: _id, ...rest }) => rest);
  return {
    items,
    snapshot: JSON.stringify({ snapshotItems, links, transitions }),
    links: new Set(links.map((l) => `${l.f}>${l.t}:${l.kind}`)),
    transitions: new Map(transitions.map((r) => [`${r.e}@${r.at.getTime()}>${r.to_status}`, r.from_status])),
  };
}

async function syncOnce(world: World, sourceName: string): Promise<{ summary: LinearSyncSummary | null; error: unknown; requests: number; served: Set<number> }> {
  const served = await serveWorld(world);
  try {
    const connector = createLinearConnector({
      source: { name: sourceName, apiKey: 'lin_api_property', apiUrl: served.url },
      options: { teams: ['MOB'], pageSize: world.pageSize },
      store: createDbSyncStore(t.db),
      timing: fakeTiming(),
      random: () => 0.5,
    });
    try {
      return { summary: await connector.sync({ mode: 'full' }), error: null, requests: served.requests, served: served.served };
    } catch (error) {
      return { summary: null, error, requests: served.requests, served: served.served };
    }
  } finally {
    await served.close();
  }
}

function checkInvariants(world: World, summary: LinearSyncSummary, served: ReadonlySet<number>, stored: Stored): void {
  const rows = new Map(stored.items.map((r) => [r.external_id, r]));
  const live = (issue: WorldIssue) => {
    const row = rows.get(cleanText(issue.id));
    return row !== undefined && !row.placeholder ? row : undefined;
  };
  const named = (issue: WorldIssue) => summary.problems.some((p) => p.kind !== undefined && names(p, issue));

  for (const index of served) {
    const issue = world.issues[index]!;
    // Every served issue is stored, or named in a problem with a reason.
    if (!live(issue)) expect(named(issue), `issue ${issue.identifier.slice(0, 40)} neither stored nor named`).toBe(true);
  }
  for (const index of served) {
    const issue = world.issues[index]!;
    if (!live(issue)) continue;
    const from = cleanText(issue.id);
    const expectLink = (to: WorldIssue, kind: string, fromId = from) => {
      const toId = cleanText(to.id);
      if (stored.links.has(`${fromId}>${toId}:${kind}`)) return;
      expect(named(issue) || named(to), `${kind} link ${issue.identifier.slice(0, 40)} → ${to.identifier.slice(0, 40)} neither stored nor logged`).toBe(true);
    };
    for (const relation of issue.relations) {
      const kind = { blocks: 'blocks', duplicate: 'duplicates', related: 'relates' }[relation.type];
      if (kind) expectLink(world.issues[relation.target]!, kind);
    }
    for (const child of issue.children) expectLink(world.issues[child]!, 'parent');
    // Every readable status change is stored or counted.
    for (const [key, froms] of statusChanges(issue, from)) {
      const storedFrom = stored.transitions.get(key);
      if (storedFrom === undefined || !froms.has(storedFrom)) {
        expect(named(issue), `status change ${key.slice(0, 80)} of ${issue.identifier.slice(0, 40)} neither stored (from its previous state) nor counted`).toBe(true);
      }
    }
  }
  // Completed is never before started.
  for (const row of stored.items) {
    if (row.started_at && row.completed_at) expect(row.completed_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
  }
  expect(summary.dropped + summary.sanitised + summary.truncated).toBe(summary.problems.filter((p) => p.kind).length);
}

/** A counterexample world can be megabytes (3,000-character ids): report the seed, path and cause only. */
async function shortReport(details: fc.RunDetails<[World]>): Promise<void> {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`property failed (seed ${details.seed}, path "${details.counterexamplePath ?? ''}"): ${cause.slice(0, 1500)}`);
}

describe('Linear connector against generated workspaces (schema-driven, property-based)', () => {
  it(`keeps or names every issue, link and status change, ends, and is idempotent (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary, async (world) => {
        const sourceName = `linear-prop-${++run}`;
        await upsertSources(t.db, [{ name: sourceName, kind: 'linear', baseUrl: 'http://127.0.0.1', credentialsRef: null }]);
        const first = await syncOnce(world, sourceName);
        // A sync ends whatever the server does, within a bounded number of requests.
        expect(first.requests).toBeLessThan(REQUEST_CAP);
        if (first.error !== null) {
          // Only a server that stops making progress may fail the pass, and only with a clear error.
          expect(first.error, (first.error as Error).stack).toBeInstanceOf(PagingStalledError);
          expect(world.issuesQuirk === 'repeatCursor' || world.issuesQuirk === 'freshCursorsForever' || world.nestedQuirk === 'repeatCursor').toBe(true);
          return;
        }
        const summary = first.summary!;
        const stored = await readStored(sourceName);
        checkInvariants(world, summary, first.served, stored);
        if (world.issuesQuirk === 'nullCursor' && first.served.size < world.issues.length) expect(summary.truncated).toBeGreaterThan(0);

        // A second sync of unchanged data changes nothing.
        const second = await syncOnce(world, sourceName);
        expect(second.error).toBeNull();
        expect((await readStored(sourceName)).snapshot).toBe(stored.snapshot);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, asyncReporter: shortReport },
    );
  }, 240_000);
});
