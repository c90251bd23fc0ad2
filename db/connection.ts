/**
 * Opens the database: real Postgres via pg when a URL is given, otherwise embedded PGlite stored
 * under a data directory (the zero-setup default). Both speak the same SQL, so queries and
 * migrations are shared.
 *
 * A lost Postgres connection fails the one operation that was using it, never the process: every
 * pooled client keeps an 'error' listener whether idle or checked out, a query that fails because
 * its connection is gone rejects with DatabaseUnavailableError (retryable) and its client is
 * destroyed rather than returned to the pool, so the next query opens a fresh connection.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { seedDataDir } from './pglite-template.js';
import { DatabaseError } from './database-error.js';
import { createOutageTracker, type OutageEvents, type OutageTracker } from '../services/logging/outage-tracker.js';
import { classifyDatabaseError, connectionFailureCode } from './connection-failure.js';
import type { Database } from './database-types.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  readonly dataDir?: string;
  readonly poolSize?: number;
  /**
   * Told once per outage: when the first connection is lost or refused, and when a query first
   * succeeds again. Failures in between (every query of a 30 s outage) are only counted.
   */
  readonly connectionEvents?: OutageEvents;
  /** Bound on opening one connection, so an unreachable server fails the operation instead of hanging it. */
  readonly connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const PG_DATE = 1082;
const PG_INT8 = 20;
// Calendar dates stay ISO strings: converting them to JS Dates would shift them across timezones.
const keepDateString = (value: string): string => value;
const int8ToNumber = (value: string): number => Number(value);

let pgTypesConfigured = false;
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pg.types.setTypeParser(PG_DATE, keepDateString);
  pg.types.setTypeParser(PG_INT8, int8ToNumber);
  pgTypesConfigured = true;
}

/**
 * Embedded Postgres lives inside this process's WebAssembly memory: its default 128 MB of shared
 * buffers alone would be a third of the 350 MB a CLI command may use. Seams' working set is small
 * (one program's items, links and transitions), so 16 MB of buffers and 4 MB per sort are plenty;
 * the buffers are resident in full once Postgres starts (8 MB saves 8 MB of peak, but a 5,000-item
 * sync ran 10-20% slower). PGlite runs a single backend, and the per-connection shared state sized
 * by the default max_connections (100) is touched at start too: 5 leaves 2 MB more outside the peak.
 */
const PGLITE_MEMORY_SETTINGS = ['shared_buffers=16MB', 'work_mem=4MB', 'maintenance_work_mem=16MB', 'temp_buffers=4MB', 'max_connections=5'];

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    configurePgTypes();
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // A peer that vanished without closing (failover, network cut) is noticed instead of waited on forever.
      keepAlive: true,
    });
    const outages = createOutageTracker(options.connectionEvents ?? {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardPool(pool, outages) }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? '.seams/pgdata';
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    // A new directory starts as a copy of the build's template: PGlite's initdb peaks near 600 MB.
    seedDataDir(dataDir);
  }
  const pglite = new PGlite(dataDir, {
    parsers: { [PG_DATE]: keepDateString, [PG_INT8]: int8ToNumber },
    startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_SETTINGS.flatMap((setting) => ['-c', setting])],
  });
  const ready = async (): Promise<PGlite> => {
    try {
      await pglite.waitReady;
      return pglite;
    } catch (error) {
      throw damagedDataDir(dataDir, error);
    }
  };
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: ready }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
}

/** PGlite only says "Aborted()" when its files are damaged: say which directory and how to recover. */
function damagedDataDir(dataDir: string, cause: unknown): DatabaseError {
  const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new DatabaseError(
    `The embedded database in ${dataDir} cannot be opened (${detail}); its files are damaged, for example by ` +
      `two Seams processes using it at once. To recover, move ${dataDir} away (or run the demo with --fresh): ` +
      'the next sync reloads everything from the trackers; only the weekly snapshot history and the risk ' +
      'register kept in it are lost.',
    { cause },
  );
}

/**
 * The pg pool as kysely sees it, with connection losses contained. pg-pool listens for a client's
 * 'error' only while the client is idle; a client kysely holds (a query or transaction in flight)
 * whose server connection drops emits 'error' with no listener, and Node exits. So each client
 * gets its own listener for life, the failed query rejects with a classified error, and the
 * client is destroyed on release instead of going back to the pool.
 */
function guardPool(pool: pg.Pool, outages: OutageTracker): PostgresPool {
  const lost = new WeakSet<pg.PoolClient>();
  const guarded = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const noteLost = (client: pg.PoolClient, error: unknown): void => {
    lost.add(client);
    outages.failed(connectionFailureCode(error) ?? 'connection-error');
  };
  pool.on('connect', (client) => {
    client.on('error', (error) => noteLost(client, error));
  });
  // pg-pool re-emits an idle client's error on the pool (and removes that client); the client's
  // own listener above already counted it, but the pool needs a listener too or Node exits.
  pool.on('error', () => undefined);

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const existing = guarded.get(client);
    if (existing) return existing;
    const query = async (sqlText: string, parameters: ReadonlyArray<unknown>) => {
      try {
        const result = await client.query(sqlText, parameters as unknown[]);
        outages.succeeded();
        return result;
      } catch (error) {
        const classified = classifyDatabaseError(error);
        if (classified !== error) noteLost(client, error);
        throw classified;
      }
    };
    const wrapper = {
      get processID(): number | undefined {
        return (client as pg.PoolClient & { processID?: number }).processID;
      },
      // Seams configures no kysely cursor, so only the (sql, parameters) form is ever called.
      query: query as unknown as PostgresPoolClient['query'],
      release(destroy?: boolean) {
        client.release(destroy === true || lost.has(client) ? true : undefined);
      },
    };
    guarded.set(client, wrapper);
    return wrapper;
  };

  return {
    options: pool.options,
    Client: pg.Client,
    async connect() {
      try {
        return wrap(await pool.connect());
      } catch (error) {
        const classified = classifyDatabaseError(error);
        if (classified !== error) outages.failed(connectionFailureCode(error) ?? 'connect-failed');
        throw classified;
      }
    },
    end: () => pool.end(),
  };
}

/** A safe description of where the data lives, for logs (never includes a password). */
export function describeDatabase(options: OpenDatabaseOptions): string {
  if (!options.databaseUrl) return `PGlite at ${options.dataDir ?? '.seams/pgdata'}`;
  try {
    const url = new URL(options.databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable DATABASE_URL)';
  }
}
