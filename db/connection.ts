/**
 * Opens the database: real Postgres via pg when a URL is given, otherwise embedded PGlite stored
 * under a data directory (the zero-setup default). Both speak the same SQL, so queries and
 * migrations are shared.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { DatabaseError } from './database-error.js';
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
  /** Told when an idle pooled connection dies (server restart, admin kill). */
  readonly onIdleError?: (error: Error) => void;
}

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

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    configurePgTypes();
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client dying (Postgres restarting) must not crash the process: the pool drops it
    // and the next query opens a fresh connection.
    pool.on('error', (error) => options.onIdleError?.(error));
    // An idle connection dropped by the server (restart, failover) is emitted on the pool; with
    // no listener Node kills the process. The pool already discards that client and the next
    // query reconnects or fails where it is handled, so there is nothing more to do here.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? '.seams/pgdata';
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir, { parsers: { [PG_DATE]: keepDateString, [PG_INT8]: int8ToNumber } });
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
