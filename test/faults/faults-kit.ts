/**
 * Shared plumbing of the faults suite: real `seams` child processes whose every output byte is
 * kept (to grep for secrets afterwards), a throwaway Postgres database and Redis prefix per test
 * file, restarts of the real Postgres and Redis servers, and the summary table each test prints.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The servers this suite stops and starts. By default the machine's own (what CI runs against);
 * on a shared machine, point it at a private PostgreSQL cluster and a private Redis instead, e.g.
 * `pg_createcluster 15 faults --port 5439` (trust auth) and `redis-server --port 6389`:
 *   SEAMS_FAULTS_PG_VERSION=15 SEAMS_FAULTS_PG_CLUSTER=faults SEAMS_FAULTS_PG_PORT=5439 SEAMS_FAULTS_REDIS_PORT=6389
 */
export const INFRA = {
  pgVersion: process.env.SEAMS_FAULTS_PG_VERSION || (readdirSync('/etc/postgresql').sort()[0] ?? '15'),
  pgCluster: process.env.SEAMS_FAULTS_PG_CLUSTER || 'main',
  pgPort: Number(process.env.SEAMS_FAULTS_PG_PORT || 5432),
  redisPort: Number(process.env.SEAMS_FAULTS_REDIS_PORT || 6379),
} as const;
const DEFAULT_REDIS_PORT = 6379;

export const REDIS_URL = `redis://127.0.0.1:${INFRA.redisPort}`;
export const PG_ADMIN_URL = `postgres://postgres@127.0.0.1:${INFRA.pgPort}/postgres`;
// `node --import tsx` rather than the tsx CLI: the CLI forks a second process, and a kill -9
// aimed at it would leave the real worker running.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SEAMS_CLI = join(REPO_ROOT, 'services', 'cli.ts');

/** Every child's output is also kept here, for reading after a failed run. */
export const LOG_DIR = join(tmpdir(), 'seams-faults-logs');

/** Secret values used across the suite: none of them may show up in any output or rendered file. */
export const SUITE_SECRETS = {
  SEAMS_DASHBOARD_SECRET: `dash-${randomBytes(12).toString('hex')}`,
  SEAMS_SIGNING_KEY: `sign-${randomBytes(12).toString('hex')}`,
  LINEAR_WEBHOOK_SECRET: `linwh-${randomBytes(12).toString('hex')}`,
  JIRA_WEBHOOK_SECRET: `jirawh-${randomBytes(12).toString('hex')}`,
  SMTP_PASSWORD: `smtppw-${randomBytes(8).toString('hex')}`,
} as const;

export function randomPrefix(): string {
  return `seams-faults-${randomBytes(5).toString('hex')}`;
}

export function scratchDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `seams-faults-${name}-`));
}

/** Writes a config document as the YAML file SEAMS_CONFIG points at. */
export function writeConfig(dir: string, document: Record<string, unknown>): string {
  const file = join(dir, 'seams.config.yaml');
  writeFileSync(file, stringify(document));
  return file;
}

export interface SeamsProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Waits until the output matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

/** Every process started in this test file, for the final secret scan and cleanup. */
const started: SeamsProcess[] = [];

export function startedProcesses(): readonly SeamsProcess[] {
  return started;
}

/** Runs `seams <command>` in one child process (what `npx tsx services/cli.ts <command>` runs). */
export function startSeams(name: string, args: readonly string[], env: Record<string, string>): SeamsProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, SEAMS_CLI, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = createWriteStream(join(LOG_DIR, `${name}-${child.pid ?? 'x'}.log`));
  const append = (chunk: Buffer): void => {
    logFile.write(chunk);
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      logFile.end();
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const proc: SeamsProcess = {
    child,
    name,
    output: () => text,
    exited,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(text)) {
            cleanup();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no output matching ${pattern} within ${timeoutMs} ms\n${text.slice(-3000)}`));
        }, timeoutMs);
        const onExit = (): void => {
          cleanup();
          if (pattern.test(text)) resolve();
          else reject(new Error(`${name} exited before printing ${pattern}\n${text.slice(-3000)}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  started.push(proc);
  return proc;
}

export async function stopAll(): Promise<void> {
  await Promise.all(started.map((p) => p.stop(5_000)));
}

/** Deletes every Redis key under the prefix. */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function waitFor<T>(check: () => Promise<T | false> | T | false, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | false = false;
    try {
      value = await check();
    } catch {
      value = false;
    }
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// --- the real infrastructure -------------------------------------------------------------------

function pgCtl(action: 'start' | 'stop'): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', INFRA.pgVersion, INFRA.pgCluster, action], { stdio: 'pipe' });
}

function pgReady(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', String(INFRA.pgPort), '-q'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function stopPostgres(): void {
  pgCtl('stop');
}

/** Starts Postgres if it is down and waits until it answers. Safe to call when it runs. */
export async function ensurePostgres(): Promise<void> {
  if (!pgReady()) {
    try {
      pgCtl('start');
    } catch {
      // Already starting or running: pg_isready below decides.
    }
  }
  await waitFor(() => pgReady(), 60_000, 'PostgreSQL to answer');
}

function redisPing(): boolean {
  try {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(INFRA.redisPort), 'ping'], { stdio: 'pipe' }).toString().trim() === 'PONG';
  } catch {
    return false;
  }
}

export function stopRedis(): void {
  try {
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(INFRA.redisPort), 'shutdown', 'nosave'], { stdio: 'pipe' });
  } catch {
    // redis-cli reports the dropped connection of a successful shutdown as an error.
  }
}

/** Starts Redis if it is down (the machine's own with the flags CI uses) and waits until it answers. */
export async function ensureRedis(): Promise<void> {
  if (!redisPing()) {
    const place =
      INFRA.redisPort === DEFAULT_REDIS_PORT
        ? ['--bind', '127.0.0.1', '-::1', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log']
        : ['--bind', '127.0.0.1', '--dir', tmpdir(), '--logfile', join(LOG_DIR, `redis-${INFRA.redisPort}.log`)];
    mkdirSync(LOG_DIR, { recursive: true });
    execFileSync('redis-server', ['--daemonize', 'yes', '--port', String(INFRA.redisPort), '--save', '', '--appendonly', 'no', ...place], {
      stdio: 'pipe',
    });
  }
  await waitFor(() => redisPing(), 30_000, 'Redis to answer');
}

// --- figures -----------------------------------------------------------------------------------

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Prints one clear table of a test's figures (vitest shows console output per test). */
export function printSummary(title: string, rows: Readonly<Record<string, number | string>>): void {
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  const lines = Object.entries(rows).map(([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'number' ? formatNumber(v) : v}`);
  console.log(`\n=== faults: ${title} ===\n${lines.join('\n')}\n`);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Where each secret value appears in the texts given (name of text → offending secret names). */
export function findSecrets(texts: Readonly<Record<string, string>>, secrets: Readonly<Record<string, string>>): string[] {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [name, value] of Object.entries(secrets)) {
      if (value.length >= 6 && text.includes(value)) leaks.push(`${name} in ${where}`);
    }
    if (/authorization:\s*(basic|bearer)\s+[a-z0-9+/=._~-]{6,}/i.test(text)) leaks.push(`Authorization header in ${where}`);
  }
  return leaks;
}
