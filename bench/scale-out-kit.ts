/**
 * Scale-out harness: N worker processes (bench/scale-out-worker.ts) on one Redis prefix and one
 * Postgres database take a fixed workload — syncs of 3 sources, rebuilds of 4 programs and one
 * weekly report per program (a rebuild plus an email per subscriber) — and report every sync,
 * rebuild and email they perform. The result says what happened more or less than once and how
 * the work spread over the processes. Used by test/integration/workers/scale-out.test.ts and
 * bench/scale-out.bench.ts.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { registerConfig } from '../services/app/register-config.js';
import { closeQueues, createQueues, type SeamsQueues } from '../workers/queues.js';
import { repoRoot, TSX_LOADER } from './bench-helpers.js';
import { deletePrefix } from '../test/integration/workers/worker-test-kit.js';
import { SCALE_OUT_PROGRAMS, SCALE_OUT_SOURCES, scaleOutConfig, type ScaleOutEvent } from './scale-out-config.js';

// The worker runs its TypeScript source under tsx, from the tests and from the compiled bench alike.
const WORKER_MAIN = join(repoRoot(), 'bench', 'scale-out-worker.ts');

export interface ScaleOutOptions {
  readonly workers: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly syncsPerSource: number;
  readonly rebuildsPerProgram: number;
  /** How long each stand-in sync, rebuild and SMTP send takes (tracker and rendering latency). */
  readonly workMs: number;
  /** Postgres pool size of each worker process. */
  readonly poolSize: number;
  readonly timeoutMs?: number;
}

type Op = ScaleOutEvent['op'];

export interface ScaleOutResult {
  /** From the first job added to the last side effect seen with every queue drained. */
  readonly wallMs: number;
  readonly expected: Readonly<Record<Op, number>>;
  readonly done: Readonly<Record<Op, number>>;
  readonly perWorker: Readonly<Record<string, Readonly<Record<Op, number>>>>;
  /** `op key ×n` for everything done more than once, and `op key ×0` for what never happened. */
  readonly wrongCounts: readonly string[];
}

const EventSchema = z.object({ worker: z.string(), op: z.enum(['sync', 'rebuild', 'email']), key: z.string() });
const ReadySchema = z.object({ ready: z.string() });

interface WorkerProcess {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  stderr(): string;
}

function startWorkerProcess(id: string, env: Record<string, string>, onEvent: (event: ScaleOutEvent) => void): WorkerProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, WORKER_MAIN], {
    env: { ...process.env, ...env, SCALE_OUT_WORKER: id },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${id} exited (${code}) before it was ready:\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const json: unknown = JSON.parse(line);
      const readyLine = ReadySchema.safeParse(json);
      if (readyLine.success) resolve();
      else onEvent(EventSchema.parse(json));
    });
  });
  return { child, ready, exited, stderr: () => stderr };
}

function expectedKeys(options: ScaleOutOptions): Map<string, number> {
  const expected = new Map<string, number>();
  for (const source of SCALE_OUT_SOURCES) {
    for (let i = 0; i < options.syncsPerSource; i++) expected.set(`sync ${source}:K-${i}`, 1);
  }
  // The explicit rebuilds, plus the one each weekly report runs.
  for (const program of SCALE_OUT_PROGRAMS) expected.set(`rebuild ${program}`, options.rebuildsPerProgram + 1);
  for (const subscription of scaleOutConfig().file.subscriptions) expected.set(`email ${subscription.email}`, 1);
  return expected;
}

async function addWorkload(queues: SeamsQueues, options: ScaleOutOptions): Promise<void> {
  await queues.sync.addBulk(
    SCALE_OUT_SOURCES.flatMap((sourceName) =>
      Array.from({ length: options.syncsPerSource }, (_, i) => ({
        name: 'sync',
        data: { sourceName, mode: 'incremental' as const, itemKeys: [`K-${i}`], reason: 'manual' as const },
      })),
    ),
  );
  await queues.rebuild.addBulk(
    SCALE_OUT_PROGRAMS.flatMap((programName) =>
      Array.from({ length: options.rebuildsPerProgram }, (_, i) => ({ name: 'rebuild', data: { programName, trigger: `scale-out:${i}` } })),
    ),
  );
  await queues.report.addBulk(SCALE_OUT_PROGRAMS.map((programName) => ({ name: 'report', data: { programName } })));
}

async function queuesDrained(queues: SeamsQueues): Promise<boolean> {
  for (const queue of Object.values(queues)) {
    if ((await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')) > 0) return false;
  }
  return true;
}

export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const prefix = `seams-scale-out-${randomBytes(5).toString('hex')}`;
  const setup = openDatabase({ databaseUrl: options.databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(setup.db);
    await registerConfig(setup.db, scaleOutConfig().file);
  } finally {
    await setup.close();
  }

  const seen = new Map<string, number>();
  const perWorker: Record<string, Record<Op, number>> = {};
  const done: Record<Op, number> = { sync: 0, rebuild: 0, email: 0 };
  const onEvent = (event: ScaleOutEvent): void => {
    const key = `${event.op} ${event.key}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    done[event.op]++;
    const counts = (perWorker[event.worker] ??= { sync: 0, rebuild: 0, email: 0 });
    counts[event.op]++;
  };
  const env = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    SEAMS_QUEUE_PREFIX: prefix,
    SCALE_OUT_WORK_MS: String(options.workMs),
    SCALE_OUT_POOL: String(options.poolSize),
  };
  const processes = Array.from({ length: options.workers }, (_, i) => startWorkerProcess(`w${i + 1}`, env, onEvent));
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues({ connection: redis, prefix });
  try {
    await Promise.all(processes.map((p) => p.ready));
    for (const id of processes.keys()) perWorker[`w${id + 1}`] = { sync: 0, rebuild: 0, email: 0 };
    const expected = expectedKeys(options);
    const total = (op: Op): number => [...expected].filter(([key]) => key.startsWith(`${op} `)).reduce((sum, [, n]) => sum + n, 0);
    const expectedTotals: Record<Op, number> = { sync: total('sync'), rebuild: total('rebuild'), email: total('email') };

    const started = performance.now();
    await addWorkload(queues, options);
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let finished = performance.now();
    for (;;) {
      const reached = (Object.keys(expectedTotals) as Op[]).every((op) => done[op] >= expectedTotals[op]);
      if (reached && (await queuesDrained(queues))) break;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = performance.now();
    }
    const wrongCounts = [...new Set([...expected.keys(), ...seen.keys()])]
      .filter((key) => (seen.get(key) ?? 0) !== (expected.get(key) ?? 0))
      .map((key) => `${key} ×${seen.get(key) ?? 0} (expected ${expected.get(key) ?? 0})`);
    return { wallMs: finished - started, expected: expectedTotals, done: { ...done }, perWorker, wrongCounts };
  } finally {
    for (const p of processes) p.child.stdin.end();
    await Promise.all(processes.map((p) => Promise.race([p.exited, new Promise((resolve) => setTimeout(resolve, 15_000))])));
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await closeQueues(queues);
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
}
