/**
 * Shared benchmark plumbing: the sandbox trackers in a child process (so the measuring process
 * holds only what it measures), an RSS sampler and a throwaway Postgres database.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { z } from 'zod';
import type { SandboxCommand, SandboxReadyLine } from '../services/sandbox/sandbox-main.js';

/**
 * The repository root: the nearest folder above this file holding package.json. Benchmarks run
 * from bench/ under tsx and from dist-bench/bench/ when compiled; sources and assets tsc does not
 * emit (the sandbox entry point, templates, schemas) are found from here in both cases.
 */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

// The sandbox child runs its TypeScript source under tsx even when the benchmark itself is compiled.
const SANDBOX_MAIN = join(repoRoot(), 'services', 'sandbox', 'sandbox-main.ts');
// tsx's package entry is its ESM loader; `node --import <loader> file.ts` runs TypeScript directly.
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SpawnSandboxOptions {
  readonly size?: 'demo' | 'small' | 'bench' | { readonly items: number; readonly links: number };
  readonly seed?: number;
  readonly jiraPort?: number;
  readonly now?: Date;
  /** How long to wait for the ready line (generating the 'bench' program takes a few seconds). */
  readonly readyTimeoutMs?: number;
}

export interface SpawnedSandbox {
  readonly pid: number;
  readonly jiraUrl: string;
  readonly linearUrl: string;
  readonly configDocument: Record<string, unknown>;
  readonly env: Record<string, string>;
  /** Sends one command and resolves with its reply; rejects when the sandbox answers `ok: false`. */
  command(op: SandboxCommand): Promise<Record<string, unknown>>;
  /** Ends stdin (the sandbox's signal to stop) and waits for the process to exit. */
  close(): Promise<void>;
}

const ReadyLineSchema = z.object({
  ready: z.literal(true),
  jiraUrl: z.string(),
  linearUrl: z.string(),
  configDocument: z.record(z.string(), z.unknown()),
  env: z.record(z.string(), z.string()),
});
const ReplySchema = z.object({ ok: z.boolean(), error: z.string().optional() }).loose();

export class SandboxProcessError extends Error {
  override readonly name = 'SandboxProcessError';
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(stderr ? `${message}\n${stderr.slice(-2000)}` : message);
  }
}

function sizeArg(size: SpawnSandboxOptions['size']): string {
  if (size === undefined) return 'demo';
  return typeof size === 'string' ? size : `${size.items}x${size.links}`;
}

/** Starts services/sandbox/sandbox-main.ts in a child process and waits for its ready line. */
export async function spawnSandbox(options: SpawnSandboxOptions = {}): Promise<SpawnedSandbox> {
  const args = ['--import', TSX_LOADER, SANDBOX_MAIN, '--size', sizeArg(options.size), '--seed', String(options.seed ?? 7)];
  if (options.jiraPort !== undefined) args.push('--jira-port', String(options.jiraPort));
  if (options.now) args.push('--now', options.now.toISOString());
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: Interface = createInterface({ input: child.stdout, crlfDelay: Infinity });
  const waiting: ((line: string) => void)[] = [];
  const buffered: string[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else buffered.push(line);
  });
  const nextLine = (timeoutMs: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const ready = buffered.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new SandboxProcessError(`sandbox gave no answer within ${timeoutMs} ms`, stderr)), timeoutMs);
      const receive = (line: string): void => {
        clearTimeout(timer);
        resolve(line);
      };
      waiting.push(receive);
      void exited.then((code) => {
        const index = waiting.indexOf(receive);
        if (index < 0) return;
        waiting.splice(index, 1);
        clearTimeout(timer);
        reject(new SandboxProcessError(`sandbox exited with code ${code}`, stderr));
      });
    });

  let ready: SandboxReadyLine;
  try {
    ready = ReadyLineSchema.parse(JSON.parse(await nextLine(options.readyTimeoutMs ?? 120_000))) as SandboxReadyLine;
  } catch (error) {
    child.kill('SIGTERM');
    throw error instanceof SandboxProcessError ? error : new SandboxProcessError(`bad ready line: ${(error as Error).message}`, stderr);
  }

  // Commands answer in order, one line each; chaining keeps replies matched to their commands.
  let queue: Promise<unknown> = Promise.resolve();
  const command = (op: SandboxCommand): Promise<Record<string, unknown>> => {
    const run = queue.then(async () => {
      child.stdin.write(`${JSON.stringify(op)}\n`);
      const reply = ReplySchema.parse(JSON.parse(await nextLine(60_000)));
      if (!reply.ok) throw new SandboxProcessError(`sandbox refused ${op.op}: ${reply.error ?? 'unknown error'}`, stderr);
      return reply as Record<string, unknown>;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    pid: child.pid ?? -1,
    jiraUrl: ready.jiraUrl,
    linearUrl: ready.linearUrl,
    configDocument: ready.configDocument,
    env: ready.env,
    command,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      lines.close();
    },
  };
}

/** Tracks the peak resident set size of this process by sampling it. */
export function sampleRss(everyMs = 50): { readonly peak: () => number; stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak;
    },
  };
}

/** A fresh, empty Postgres database on the server at `adminUrl`, dropped by `drop()`. */
export async function createScratchDatabase(adminUrl: string): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const name = `seams_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
export const mb = (bytes: number): number => Math.round(bytes / 1_048_576);

/** How a benchmark prints a target: "ok" when met, "miss" when not. */
export function verdict(met: boolean): 'ok' | 'miss' {
  return met ? 'ok' : 'miss';
}
