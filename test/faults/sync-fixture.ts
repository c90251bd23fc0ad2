/**
 * A sync scenario for the faults suite: sandbox trackers in this process (so tests can switch
 * their faults and read their request counts), a fresh Postgres database, a random Redis prefix,
 * the config file pointing at all of it, and the checks that compare the database with the
 * sandbox program's live issues and links.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startSandboxTrackers, type SandboxTrackers } from '../../services/sandbox/sandbox-trackers.js';
import type { ProgramSize } from '../../services/sandbox/program-sizes.js';
import { PG_ADMIN_URL, REDIS_URL, SUITE_SECRETS, deletePrefix, randomPrefix, scratchDir, writeConfig } from './faults-kit.js';

export interface SyncFixture {
  readonly sandbox: SandboxTrackers;
  readonly databaseUrl: string;
  readonly prefix: string;
  readonly dir: string;
  /** Environment for `seams worker` / `seams server` children. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** One query on a fresh connection (the suite stops Postgres, so no pool is kept open). */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface SyncFixtureOptions {
  readonly size: ProgramSize;
  readonly seed?: number;
  /** Extra fields merged into every source entry of the config (e.g. a smaller page size). */
  readonly sourceOverrides?: Record<string, unknown>;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createSyncFixture(name: string, options: SyncFixtureOptions): Promise<SyncFixture> {
  const sandbox = await startSandboxTrackers({ seed: options.seed ?? 7, size: options.size, now: new Date() });
  const database = `seams_faults_${randomBytes(5).toString('hex')}`;
  await admin(`create database ${database}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const prefix = randomPrefix();
  const dir = scratchDir(name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const document = {
    ...sandbox.configDocument,
    sources: (sandbox.configDocument.sources as Record<string, unknown>[]).map((s) => ({ ...s, ...options.sourceOverrides })),
  };
  const configPath = writeConfig(dir, document);

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  return {
    sandbox,
    databaseUrl,
    prefix,
    dir,
    env(extra = {}) {
      return {
        ...sandbox.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        SEAMS_CONFIG: configPath,
        SEAMS_DATA_DIR: join(dir, 'data'),
        SEAMS_QUEUE_PREFIX: prefix,
        SMTP_URL: `smtp://seams:${SUITE_SECRETS.SMTP_PASSWORD}@127.0.0.1:2`,
        SEAMS_DASHBOARD_SECRET: SUITE_SECRETS.SEAMS_DASHBOARD_SECRET,
        SEAMS_SIGNING_KEY: SUITE_SECRETS.SEAMS_SIGNING_KEY,
        LINEAR_WEBHOOK_SECRET: SUITE_SECRETS.LINEAR_WEBHOOK_SECRET,
        JIRA_WEBHOOK_SECRET: SUITE_SECRETS.JIRA_WEBHOOK_SECRET,
        SEAMS_PUBLIC_URL: 'http://127.0.0.1:8080',
        ...extra,
      };
    },
    query,
    async close() {
      await sandbox.close();
      await deletePrefix(prefix).catch(() => undefined);
      await admin(`drop database if exists ${database} with (force)`).catch(() => undefined);
    },
  };
}

export interface StoreComparison {
  readonly expectedItems: number;
  readonly storedItems: number;
  readonly missingItems: number;
  readonly extraItems: number;
  readonly duplicateItems: number;
  readonly expectedLinks: number;
  readonly missingLinks: number;
  readonly duplicateLinks: number;
  readonly storedLinks: number;
}

/**
 * Compares the database with the sandbox program: every live issue stored once (by source and
 * external id), every generated link between live issues stored once (by endpoints and kind).
 */
export async function compareWithSandbox(fixture: SyncFixture): Promise<StoreComparison> {
  const program = fixture.sandbox.program;
  // Archived Linear issues are out of a sync's scope (they stay placeholders when linked).
  const live = program.issues.filter((i) => !i.deleted && !i.archived);
  const items = await fixture.query<{ id: string; source: string; external_id: string }>(
    `select w.id, s.name as source, w.external_id from work_items w join sources s on s.id = w.source_id
      where not w.placeholder and not w.deleted`,
  );
  const storedIds = new Map<string, number>();
  for (const row of items) {
    const key = `${row.source}:${row.external_id}`;
    storedIds.set(key, (storedIds.get(key) ?? 0) + 1);
  }
  const expectedIds = new Set(live.map((i) => `${i.tracker}:${i.id}`));
  const missingItems = [...expectedIds].filter((k) => !storedIds.has(k)).length;
  const extraItems = [...storedIds.keys()].filter((k) => !expectedIds.has(k)).length;
  const duplicateItems = [...storedIds.values()].filter((n) => n > 1).length;

  const links = await fixture.query<{ from_key: string; to_key: string; kind: string; n: string }>(
    `select fs.name || ':' || f.external_id as from_key, ts.name || ':' || t.external_id as to_key, l.kind, count(*) as n
       from item_links l
       join work_items f on f.id = l.from_item join sources fs on fs.id = f.source_id
       join work_items t on t.id = l.to_item join sources ts on ts.id = t.source_id
      where l.kind <> 'parent'
      group by 1, 2, 3`,
  );
  const storedLinks = new Map(links.map((l) => [`${l.from_key}>${l.to_key}:${l.kind}`, Number(l.n)]));
  const existing = new Set(program.issues.filter((i) => !i.deleted).map((i) => i.id));
  // A link is read from the issues that declare it: at least one end must be a synced issue.
  const synced = new Set(live.map((i) => i.id));
  const trackerOf = new Map(program.issues.map((i) => [i.id, i.tracker]));
  const expectedLinks = program.links.filter(
    (l) => existing.has(l.fromId) && existing.has(l.toId) && (synced.has(l.fromId) || synced.has(l.toId)),
  );
  let missingLinks = 0;
  let duplicateLinks = 0;
  for (const link of expectedLinks) {
    const n = storedLinks.get(`${trackerOf.get(link.fromId)}:${link.fromId}>${trackerOf.get(link.toId)}:${link.toId}:${link.kind}`) ?? 0;
    if (n === 0) missingLinks++;
    if (n > 1) duplicateLinks++;
  }
  return {
    expectedItems: expectedIds.size,
    storedItems: items.length,
    missingItems,
    extraItems,
    duplicateItems,
    expectedLinks: expectedLinks.length,
    missingLinks,
    duplicateLinks,
    storedLinks: [...storedLinks.values()].reduce((a, b) => a + b, 0),
  };
}

export interface SyncStateRow {
  readonly source: string;
  readonly scope: string;
  readonly page_token: string | null;
  readonly updated_since: Date | null;
  readonly last_success_at: Date | null;
  readonly last_error: string | null;
  readonly items_synced: string;
}

export function syncStates(fixture: SyncFixture): Promise<SyncStateRow[]> {
  return fixture.query<SyncStateRow>(
    `select s.name as source, st.scope, st.page_token, st.updated_since, st.last_success_at, st.last_error, st.items_synced
       from sync_state st join sources s on s.id = st.source_id order by s.name, st.scope`,
  );
}
