/**
 * End-to-end sync: the 50,000-item / 100,000-link 'bench' program served by the sandbox trackers
 * in a child process, synced through the real Jira and Linear connectors into a fresh Postgres
 * database (then, for information, into embedded PGlite), followed by an incremental sync after
 * 1% of the issues changed. This process holds only the connectors and the database client, so
 * its RSS is the sync's own.
 *
 * Targets (DESIGN.md): full sync to PostgreSQL >= 2,500 items/s (shown beside a raw COPY of the
 * same rows into the same database), peak RSS <= 400 MB, <= 1 API call per 50 items; incremental
 * with 1% changed: calls proportional to the change, < 5 s. The PostgreSQL sync is profiled
 * (bench/sync-profile.ts): time in the database, CPU of the sandbox serving, CPU of this process
 * by code.
 */
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { countLinks } from '../db/links.js';
import { migrateToLatest } from '../db/migrate.js';
import { upsertSources } from '../db/sources.js';
import { createDbSyncStore } from '../db/sync-store.js';
import { parseConfigFile, resolveCredentials } from '../services/config/load-config.js';
import { createSourceConnector, type SourceConnector } from '../services/connectors/connector-factory.js';
import { createLogger } from '../services/logging/logger.js';
import { createScratchDatabase, mb, round, sampleRss, spawnSandbox, verdict, type SpawnedSandbox } from './bench-helpers.js';
import { profileCpu, rawCopyBaseline, serverCpu, timedStore, type CpuSplit } from './sync-profile.js';

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TOUCH_SHARE = 0.01;
/** `BENCH_PROGRESS=1` prints per-page progress and connector warnings on stderr. */
const PROGRESS = process.env.BENCH_PROGRESS === '1';

interface FullSyncResult {
  readonly items: number;
  readonly seconds: number;
  readonly apiCalls: number;
  readonly storedItems: number;
  readonly storedLinks: number;
  readonly transitions: number;
  readonly peakRss: number;
  readonly connectors: readonly SourceConnector[];
  readonly storeSeconds: number;
  readonly sandboxCpuSeconds: number;
  /** Null on PGlite or a server this process cannot see. */
  readonly serverCpuSeconds: number | null;
  readonly cpu: CpuSplit;
}

async function apiCalls(sandbox: SpawnedSandbox): Promise<{ jira: number; linear: number; cpuMs: number }> {
  const stats = (await sandbox.command({ op: 'stats' })) as { jira: { total: number }; linear: { requests: number }; cpuMs: number };
  return { jira: stats.jira.total, linear: stats.linear.requests, cpuMs: stats.cpuMs };
}

async function fullSync(sandbox: SpawnedSandbox, handle: DatabaseHandle, databaseUrl?: string): Promise<FullSyncResult> {
  await migrateToLatest(handle.db);
  const file = parseConfigFile(sandbox.configDocument, 'sandbox');
  const credentials = resolveCredentials(file, sandbox.env, 'sandbox');
  await upsertSources(handle.db, [
    { name: 'jira', kind: 'jira', baseUrl: sandbox.jiraUrl, credentialsRef: null },
    { name: 'linear', kind: 'linear', baseUrl: sandbox.linearUrl, credentialsRef: null },
  ]);
  const timed = timedStore(createDbSyncStore(handle.db));
  const store = timed.store;
  const logger = createLogger({ level: PROGRESS ? 'warn' : 'silent' });
  const started = performance.now();
  const onProgress = PROGRESS
    ? (source: string, p: Readonly<Record<string, number>>) => {
        if ((p.pages ?? 0) % 20 === 0) process.stderr.write(`${source} ${JSON.stringify(p)} ${mb(process.memoryUsage().rss)} MB ${round((performance.now() - started) / 1000, 1)} s\n`);
      }
    : undefined;
  const connectors = ['jira', 'linear'].map((name) =>
    createSourceConnector({ sources: file.sources, credentials, store, logger, ...(onProgress ? { onProgress } : {}) }, name),
  );

  await sandbox.command({ op: 'resetStats' });
  // The pool's connections, opened now, so the server's CPU counts them from the start.
  await Promise.all(Array.from({ length: 4 }, () => handle.db.selectFrom('sources').select('id').execute()));
  const server = databaseUrl ? await serverCpu(databaseUrl) : null;
  const rss = sampleRss(50);
  let items = 0;
  let transitions = 0;
  // Both sources at once, as one worker runs them (syncConcurrency 2, workers/worker-main.ts).
  const { cpu } = await profileCpu(async () => {
    await Promise.all(
      connectors.map(async (connector) => {
        const summary = await connector.sync({ mode: 'full' });
        items += summary.items ?? 0;
        transitions += summary.transitions ?? 0;
      }),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  const peakRss = rss.stop();
  const serverCpuSeconds = server ? await server.stop() : null;
  const calls = await apiCalls(sandbox);
  const stored = await handle.db
    .selectFrom('work_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('placeholder', '=', false)
    .executeTakeFirstOrThrow();
  return {
    items,
    seconds,
    apiCalls: calls.jira + calls.linear,
    storedItems: Number(stored.n),
    storedLinks: await countLinks(handle.db),
    transitions,
    peakRss,
    connectors,
    storeSeconds: timed.seconds(),
    sandboxCpuSeconds: calls.cpuMs / 1000,
    serverCpuSeconds,
    cpu,
  };
}

async function incrementalSync(
  sandbox: SpawnedSandbox,
  connectors: readonly SourceConnector[],
): Promise<{ touched: number; items: number; seconds: number; jiraCalls: number; linearCalls: number }> {
  const reply = await sandbox.command({ op: 'touch', share: TOUCH_SHARE, seed: 3 });
  await sandbox.command({ op: 'resetStats' });
  const started = performance.now();
  let items = 0;
  for (const connector of connectors) items += (await connector.sync({ mode: 'incremental' })).items ?? 0;
  const seconds = (performance.now() - started) / 1000;
  const calls = await apiCalls(sandbox);
  return { touched: Number(reply.touched), items, seconds, jiraCalls: calls.jira, linearCalls: calls.linear };
}

export default async function run(): Promise<Record<string, number | string>> {
  let pgFull: FullSyncResult;
  let incremental: Awaited<ReturnType<typeof incrementalSync>>;
  let copy: Awaited<ReturnType<typeof rawCopyBaseline>>;
  let maxRss: number;
  const sandbox = await spawnSandbox({ size: 'bench', seed: 7, readyTimeoutMs: 300_000 });
  try {
    const scratch = await createScratchDatabase(ADMIN_URL);
    const postgres = openDatabase({ databaseUrl: scratch.url, poolSize: 4 });
    try {
      pgFull = await fullSync(sandbox, postgres, scratch.url);
      incremental = await incrementalSync(sandbox, pgFull.connectors);
      // Taken before the COPY baseline (which holds the dumped rows) and PGlite (whose WebAssembly
      // heap lives in this process) run.
      maxRss = process.resourceUsage().maxRSS * 1024;
      copy = await rawCopyBaseline(scratch.url);
    } finally {
      await postgres.close();
      await scratch.drop();
    }
  } finally {
    await sandbox.close();
  }

  // A fresh sandbox: the first one's Linear rate-limit buckets (per hour, like Linear's) are spent.
  const liteSandbox = await spawnSandbox({ size: 'bench', seed: 7, readyTimeoutMs: 300_000 });
  let liteFull: FullSyncResult;
  try {
    const pglite = openDatabase({ dataDir: 'memory://' });
    try {
      liteFull = await fullSync(liteSandbox, pglite);
    } finally {
      await pglite.close();
    }
  } finally {
    await liteSandbox.close();
  }

  const itemsPerSecond = Math.round(pgFull.items / pgFull.seconds);
  const callsPer50 = round((pgFull.apiCalls / pgFull.items) * 50, 3);
  const incrementalCalls = incremental.jiraCalls + incremental.linearCalls;
  return {
    items: pgFull.items,
    storedItems: pgFull.storedItems,
    storedLinks: pgFull.storedLinks,
    transitions: pgFull.transitions,
    fullSeconds: round(pgFull.seconds, 2),
    itemsPerSecond,
    'target: >= 2500 items/s to PostgreSQL': verdict(itemsPerSecond >= 2500),
    rawCopySeconds: round(copy.seconds, 2),
    rawCopyRows: copy.rows,
    rawCopyItemsPerSecond: Math.round(pgFull.items / copy.seconds),
    syncToCopyRatio: `${round(copy.seconds / pgFull.seconds, 3)} (sync takes ${round(pgFull.seconds / copy.seconds, 1)}× a raw COPY)`,
    splitDatabaseSeconds: round(pgFull.storeSeconds, 2),
    ...(pgFull.serverCpuSeconds === null ? {} : { splitPostgresServerCpuSeconds: round(pgFull.serverCpuSeconds, 2) }),
    splitSandboxServingCpuSeconds: round(pgFull.sandboxCpuSeconds, 2),
    splitConnectorCpuSeconds: round(pgFull.cpu.connector, 2),
    splitHttpClientCpuSeconds: round(pgFull.cpu.httpClient, 2),
    splitDatabaseClientCpuSeconds: round(pgFull.cpu.databaseClient, 2),
    splitGcCpuSeconds: round(pgFull.cpu.gc, 2),
    splitOtherCpuSeconds: round(pgFull.cpu.other, 2),
    apiCalls: pgFull.apiCalls,
    callsPer50Items: callsPer50,
    'target: <= 1 API call per 50 items': verdict(callsPer50 <= 1),
    peakRssMb: mb(pgFull.peakRss),
    maxRssMb: mb(maxRss),
    'target: peak RSS <= 400 MB': verdict(Math.max(pgFull.peakRss, maxRss) <= 400 * 1_048_576),
    incrementalTouched: incremental.touched,
    incrementalItems: incremental.items,
    incrementalJiraCalls: incremental.jiraCalls,
    incrementalLinearCalls: incremental.linearCalls,
    incrementalCallsPerTouched: round(incrementalCalls / Math.max(1, incremental.touched), 3),
    incrementalSeconds: round(incremental.seconds, 2),
    'target: incremental (1% changed) < 5 s': verdict(incremental.seconds < 5),
    pgliteItemsPerSecond: Math.round(liteFull.items / liteFull.seconds),
    pgliteSeconds: round(liteFull.seconds, 2),
    pgliteStoredLinks: liteFull.storedLinks,
    pgliteNote: 'informational: embedded PGlite, same process',
  };
}
