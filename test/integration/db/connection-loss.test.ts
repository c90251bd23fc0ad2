/**
 * A Postgres connection dropped under a query (the server restarting, a failover, an admin's
 * pg_terminate_backend) fails that one operation with a retryable DatabaseUnavailableError; the
 * process lives, a transaction leaves nothing behind, and the next query opens a fresh connection.
 * Everything runs through kysely, as production code does.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/connection.js';
import { DatabaseError, DatabaseUnavailableError } from '../../../db/database-error.js';
import type { Database } from '../../../db/database-types.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../../helpers/test-database.js';

const SLEEP_SECONDS = 5;

async function waitFor<T>(check: () => Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a Postgres connection lost under an operation', () => {
  let scratch: TestDatabase;
  let databaseName: string;
  let admin: pg.Client;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let events: string[];
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error);
  };

  beforeAll(async () => {
    scratch = await createTestDatabase('postgres', { migrate: false });
    databaseName = new URL(scratch.url!).pathname.slice(1);
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await sql`create table probe (note text not null)`.execute(scratch.db);
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await scratch?.drop();
  });
  beforeEach(() => {
    events = [];
    handle = openDatabase({
      databaseUrl: scratch.url,
      poolSize: 4,
      connectionEvents: {
        lost: ({ code }) => events.push(`lost:${code}`),
        restored: ({ failures }) => events.push(`restored:${failures}`),
      },
    });
    db = handle.db;
  });
  afterEach(async () => {
    await handle.close();
  });

  /** Backends of the scratch database currently running pg_sleep, once there are `count` of them. */
  function sleepingBackends(count: number): Promise<number[]> {
    return waitFor(async () => {
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = $1 and state = 'active' and query like 'select pg_sleep(%' and pid <> pg_backend_pid()`,
        [databaseName],
      );
      return rows.length >= count ? rows.map((r) => r.pid) : null;
    }, `${count} backend(s) in pg_sleep`);
  }

  async function terminate(pids: readonly number[]): Promise<void> {
    await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids]);
  }

  /** The operation's rejection, handled from the start (it may reject before the test awaits it). */
  function failureOf(operation: Promise<unknown>): Promise<unknown> {
    return operation.then(
      () => null,
      (e: unknown) => e,
    );
  }

  async function expectUnavailable(failure: Promise<unknown>): Promise<DatabaseUnavailableError> {
    const error = await failure;
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseUnavailableError).retryable).toBe(true);
    return error as DatabaseUnavailableError;
  }

  it('an in-flight query rejects with a retryable error; the process lives and the next query succeeds', async () => {
    const running = failureOf(sql`select pg_sleep(${sql.lit(SLEEP_SECONDS)})`.execute(db));
    await terminate(await sleepingBackends(1));
    const error = await expectUnavailable(running);
    expect(error.code).toBe('57P01');
    // The pid check below needs a fresh backend: the killed one must not be handed out again.
    const next = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    expect(next.rows[0]?.pid).toBeGreaterThan(0);
    expect(uncaught).toEqual([]);
    expect(events).toEqual(['lost:57P01', 'restored:1']);
  });

  it('an in-flight transaction rejects, leaves nothing behind, and the next transaction commits', async () => {
    const running = failureOf(
      db.transaction().execute(async (trx) => {
        await sql`insert into probe (note) values ('in flight')`.execute(trx);
        await sql`select pg_sleep(${sql.lit(SLEEP_SECONDS)})`.execute(trx);
      }),
    );
    await terminate(await sleepingBackends(1));
    await expectUnavailable(running);
    await db.transaction().execute(async (trx) => {
      await sql`insert into probe (note) values ('after')`.execute(trx);
    });
    const { rows } = await sql<{ note: string }>`select note from probe order by note`.execute(scratch.db);
    expect(rows.map((r) => r.note)).toEqual(['after']);
    expect(uncaught).toEqual([]);
  });

  it('several connections lost at once make one outage, reported once', async () => {
    const running = [1, 2, 3].map(() => failureOf(sql`select pg_sleep(${sql.lit(SLEEP_SECONDS)})`.execute(db)));
    await terminate(await sleepingBackends(3));
    for (const error of await Promise.all(running)) expect(error).toBeInstanceOf(DatabaseUnavailableError);
    await sql`select 1`.execute(db);
    expect(uncaught).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toBe('lost:57P01');
    expect(events[1]).toMatch(/^restored:[1-9]\d*$/);
  });

  it('an idle pooled connection killed by the server is replaced on the next query', async () => {
    const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    const ours = first.rows.map((r) => r.pid);
    await terminate(ours);
    await waitFor(async () => (events.length > 0 ? true : null), 'the pool to notice the dropped connection');
    const next = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    expect(ours).not.toContain(next.rows[0]?.pid);
    expect(uncaught).toEqual([]);
  });

  it('a server that refuses connections fails the query with a retryable error instead of hanging', async () => {
    const nowhere = openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 });
    try {
      const error = await expectUnavailable(failureOf(sql`select 1`.execute(nowhere.db)));
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.message).not.toContain('127.0.0.1');
    } finally {
      await nowhere.close();
    }
  });
});
