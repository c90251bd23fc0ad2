/**
 * Per-test-file databases: a fresh Postgres database created on the server at DATABASE_URL and
 * dropped afterwards, or an in-memory PGlite. Tests loop over both, as kysely tests its dialects.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';

export const TEST_DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const DIALECTS: readonly DatabaseKind[] = ['postgres', 'pglite'];

export interface TestDatabase extends DatabaseHandle {
  readonly url: string | undefined;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Integration tests need PostgreSQL at ${new URL(TEST_DATABASE_URL).host} (set DATABASE_URL to change it). ` +
        'Install and start it, e.g. `apt-get install postgresql && pg_ctlcluster 15 main start`, ' +
        `with trust auth for user postgres. Cause: ${(error as Error).message}`,
    );
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let url: string | undefined;
  let dropDatabase = async (): Promise<void> => {};
  if (kind === 'postgres') {
    const name = `seams_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const parsed = new URL(TEST_DATABASE_URL);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    handle = openDatabase({ databaseUrl: url, poolSize: 4 });
    dropDatabase = () => adminQuery(`drop database if exists ${name} with (force)`);
  } else {
    handle = openDatabase({ dataDir: 'memory://' });
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  let dropped = false;
  return {
    ...handle,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      await handle.close();
      await dropDatabase();
    },
  };
}
