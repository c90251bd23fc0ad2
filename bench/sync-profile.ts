/**
 * Where a benchmarked sync spends its time, and how it compares with the database's fastest load:
 * - `timedStore` adds up the wall time spent in SyncStore calls (the database: statements,
 *   round trips and the server's own work);
 * - `profileCpu` samples this process's CPU and splits it by code: connector (paging and
 *   normalization), HTTP client, database client, garbage collection;
 * - the sandbox child reports its own CPU (serving the trackers) through its `stats` command;
 * - `serverCpu` reads the Postgres backends' own CPU from /proc (a local server only);
 * - `rawCopyBaseline` loads the rows the sync stored into empty copies of their tables with
 *   `COPY FROM STDIN`, in the same database, to show what the sync's writes cost beside it.
 */
import type { Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { SyncStore } from '../services/connectors/connector-types.js';

export interface TimedStore {
  readonly store: SyncStore;
  seconds(): number;
}

/** The same store, with the wall time of every call added up. */
export function timedStore(store: SyncStore): TimedStore {
  let ms = 0;
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          ms += performance.now() - started;
        }
      };
    },
  });
  return { store: proxy, seconds: () => ms / 1000 };
}

export type CpuSplit = Record<'connector' | 'httpClient' | 'databaseClient' | 'gc' | 'other', number>;

function categoryOf(node: Profiler.ProfileNode): keyof CpuSplit | 'idle' {
  const { url, functionName } = node.callFrame;
  // The profiler's own bookkeeping is not the sync's.
  if (functionName === '(idle)' || functionName === '(program)' || url === 'node:inspector') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  // zod here is the connectors checking tracker payloads: part of normalizing them.
  if (/\/services\/connectors\/|node_modules\/zod\//.test(url)) return 'connector';
  if (/\/db\/|node_modules\/(pg|pg-[a-z-]+|kysely|postgres-[a-z]+)\//.test(url)) return 'databaseClient';
  if (
    /node_modules\/(jira\.js|@linear|graphql|axios|undici|form-data|follow-redirects)\/|^node:(_http|http|https|net|internal\/(deps\/undici|http|net|streams|stream_base|url))/.test(url)
  ) {
    return 'httpClient';
  }
  return 'other';
}

/** Runs `work` under the V8 sampling profiler; returns its result and the CPU seconds per category. */
export async function profileCpu<T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuSplit }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 2000 });
  await session.post('Profiler.start');
  let result: T;
  let profile: Profiler.Profile;
  try {
    result = await work();
  } finally {
    profile = (await session.post('Profiler.stop')).profile;
    session.disconnect();
  }
  const category = new Map<number, keyof CpuSplit | 'idle'>();
  for (const node of profile.nodes) category.set(node.id, categoryOf(node));
  const cpu: CpuSplit = { connector: 0, httpClient: 0, databaseClient: 0, gc: 0, other: 0 };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const kind = category.get(samples[i] as number) ?? 'other';
    if (kind !== 'idle') cpu[kind] += (deltas[i] ?? 0) / 1e6;
  }
  return { result, cpu };
}

/** /proc reports process times in USER_HZ, 100 per second on every Linux ABI. */
const USER_HZ = 100;

function procCpuSeconds(pid: number): number | null {
  try {
    // Fields after the parenthesised command name: state is 3rd, utime 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return null;
  }
}

/**
 * CPU seconds the Postgres server's backends for this database spend from now until `stop`, read
 * from /proc: null when the server is not a local process this one can see. Backends that open
 * meanwhile count from their start; one that closes before `stop` is missed (the sync's pool keeps
 * its connections while it works).
 */
export async function serverCpu(databaseUrl: string): Promise<{ stop(): Promise<number | null> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const backends = async (): Promise<number[]> => {
    const { rows } = await client.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
    );
    return rows.map((r) => r.pid);
  };
  const before = new Map<number, number>();
  for (const pid of await backends()) before.set(pid, procCpuSeconds(pid) ?? 0);
  return {
    async stop() {
      try {
        let total = 0;
        let seen = 0;
        for (const pid of await backends()) {
          const now = procCpuSeconds(pid);
          if (now === null) continue;
          seen++;
          total += now - (before.get(pid) ?? 0);
        }
        return seen > 0 ? total : null;
      } finally {
        await client.end();
      }
    },
  };
}

const TABLES = ['work_items', 'item_links', 'status_transitions'] as const;

/** Seconds to COPY every row of the sync's tables into empty same-shaped tables (indexes included). */
export async function rawCopyBaseline(databaseUrl: string): Promise<{ seconds: number; rows: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const dumps = new Map<string, Buffer[]>();
    for (const table of TABLES) {
      const chunks: Buffer[] = [];
      const out = client.query(copyTo(`copy ${table} to stdout`));
      for await (const chunk of out) chunks.push(chunk as Buffer);
      dumps.set(table, chunks);
      await client.query(`create table copy_baseline_${table} (like ${table} including all)`);
    }
    const started = performance.now();
    await client.query('begin');
    for (const table of TABLES) {
      await pipeline(Readable.from(dumps.get(table) ?? []), client.query(copyFrom(`copy copy_baseline_${table} from stdin`)));
    }
    await client.query('commit');
    const seconds = (performance.now() - started) / 1000;
    let rows = 0;
    for (const table of TABLES) {
      const { rows: counted } = await client.query<{ n: string }>(`select count(*) as n from copy_baseline_${table}`);
      rows += Number(counted[0]?.n ?? 0);
      await client.query(`drop table copy_baseline_${table}`);
    }
    return { seconds, rows };
  } finally {
    await client.end();
  }
}
