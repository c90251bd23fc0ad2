import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '../../../db/database-error.js';
import { knownMigrations, migrateToLatest } from '../../../db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/test-database.js';

const TABLES = [
  'sources',
  'teams',
  'work_items',
  'item_links',
  'status_transitions',
  'sync_state',
  'programs',
  'snapshots',
  'risks',
  'subscriptions',
  'deliveries',
  'writeback_items',
  'writeback_runs',
];

describe.each(DIALECTS)('migrations on %s', (kind) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
  });

  it('creates the whole data model, with timestamps on every table, and is idempotent', async () => {
    t = await createTestDatabase(kind, { migrate: false });
    expect((await migrateToLatest(t.db)).applied).toEqual(knownMigrations());
    expect((await migrateToLatest(t.db)).applied).toEqual([]);
    const tables = await t.db.introspection.getTables();
    for (const name of TABLES) {
      const table = tables.find((x) => x.name === name);
      expect(table, name).toBeDefined();
      const columns = table!.columns.map((c) => c.name);
      expect(columns).toContain('created_at');
      expect(columns).toContain('updated_at');
    }
  });

  it('refuses a database migrated by a newer Seams', async () => {
    t = await createTestDatabase(kind);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', now()::text)`.execute(t.db);
    await expect(migrateToLatest(t.db)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrateToLatest(t.db)).rejects.toThrow(/newer than this version of Seams.*9999-from-the-future/);
  });

  it('enforces the unique keys the sync relies on', async () => {
    t = await createTestDatabase(kind);
    const [source] = await t.db
      .insertInto('sources')
      .values({ name: 'jira', kind: 'jira', base_url: 'https://x.atlassian.net', credentials_ref: null })
      .returning('id')
      .execute();
    const item = { source_id: source!.id, external_id: '1', key: 'PAY-1', title: 't', status_category: 'todo' as const };
    await t.db.insertInto('work_items').values(item).execute();
    await expect(t.db.insertInto('work_items').values(item).execute()).rejects.toThrow();
    await expect(
      t.db.insertInto('sources').values({ name: 'bad', kind: 'github' as 'jira', base_url: 'x', credentials_ref: null }).execute(),
    ).rejects.toThrow();
  });
});
