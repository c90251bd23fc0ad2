/**
 * Start-up and memory of the `seams` command as users run it: the compiled CLI in a fresh process
 * with the flags `npm run seams` passes. Targets (DESIGN.md): `seams --help` < 0.3 s and < 100 MB;
 * `seams analyze` on 100,000 items / 300,000 links < 1.5 s and < 500 MB; a command on embedded
 * PGlite < 350 MB peak (`seams migrate` on an existing data directory: opening the database is
 * what every PGlite command pays). Each is the best of three runs (this machine is shared). The
 * first run on a new data directory copies the template `npm run build` makes (db/pglite-template.ts);
 * the bench makes it too when missing, so the figure is what a built install sees. The heaviest
 * PGlite command is `seams demo`: sandbox trackers, both syncs, rebuild, write-back, backtest and
 * the rendered reports in one process; it is measured fresh (`npm run demo -- --fresh --no-serve`)
 * and again on the data the fresh run left, against the same 350 MB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPgliteTemplate } from '../db/pglite-template.js';
import { mb, round, TSX_LOADER, verdict } from './bench-helpers.js';
import { generateProgram } from './graph.bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const compiled = extname(fileURLToPath(import.meta.url)) === '.js';
// Compiled, the CLI sits in dist-bench/services beside this file's folder; under tsx it is the source.
const CLI = join(here, '..', 'services', compiled ? 'cli.js' : 'cli.ts');
/** The node flags of `npm run seams` (package.json). */
const NODE_FLAGS = ['--max-semi-space-size=8', '--liftoff-only'];
/**
 * Reports the process's peak RSS (bytes) and CPU time (µs) on fd 3 as it exits. The peak is
 * /proc's VmHWM, which starts afresh with the new program: getrusage's maxRSS survives exec, so a
 * child forked from this (large) bench process would report at least the bench's own size.
 */
const REPORT_USAGE = `data:text/javascript,${encodeURIComponent(
  "import { readFileSync, writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); let peak = u.maxRSS * 1024; try { peak = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch {} writeSync(3, `${peak} ${u.userCPUTime + u.systemCPUTime}`); });",
)}`;

interface Run {
  readonly seconds: number;
  /** On a shared machine wall time includes waiting for other processes; CPU time does not. */
  readonly cpuSeconds: number;
  readonly peakRss: number;
}

function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const loader = compiled ? [] : ['--import', TSX_LOADER];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...NODE_FLAGS, ...loader, '--import', REPORT_USAGE, CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let usage = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (usage += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`seams ${args.join(' ')} exited ${code}: ${stderr}`));
      const [peakRss = NaN, cpuMicros = NaN] = usage.split(' ').map(Number);
      if (code === 0) resolve({ seconds, cpuSeconds: cpuMicros / 1e6, peakRss });
    });
  });
}

async function bestOf(times: number, args: readonly string[], env?: Record<string, string>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < times; i++) runs.push(await runCli(args, env));
  return {
    seconds: Math.min(...runs.map((r) => r.seconds)),
    cpuSeconds: Math.min(...runs.map((r) => r.cpuSeconds)),
    peakRss: Math.min(...runs.map((r) => r.peakRss)),
  };
}

/** A run's wall time, CPU time and peak RSS, named `<name>Seconds`, `<name>CpuSeconds`, `<name>PeakRssMb`. */
function figures(name: string, run: Run, digits = 2): Record<string, number> {
  return {
    [`${name}Seconds`]: round(run.seconds, digits),
    [`${name}CpuSeconds`]: round(run.cpuSeconds, digits),
    [`${name}PeakRssMb`]: mb(run.peakRss),
  };
}

export default async function run(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'seams-cli-bench-'));
  try {
    const graphFile = join(dir, 'graph.json');
    writeFileSync(graphFile, JSON.stringify(generateProgram()));
    const help = await bestOf(3, ['--help']);
    const analyze = await bestOf(3, ['analyze', graphFile]);
    const pgliteEnv = { SEAMS_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
    await createPgliteTemplate();
    const created = await runCli(['migrate'], pgliteEnv);
    const pglite = await bestOf(3, ['migrate'], pgliteEnv);
    // The demo in-process on PGlite, as `npm run demo` runs it without REDIS_URL or DATABASE_URL.
    const demoEnv = { SEAMS_DATA_DIR: join(dir, 'demo-data'), DATABASE_URL: '', REDIS_URL: '' };
    const demoArgs = ['demo', '--no-serve', '--out', join(dir, 'demo-out')];
    const demoFresh = await bestOf(3, [...demoArgs, '--fresh'], demoEnv);
    const demoAgain = await bestOf(3, demoArgs, demoEnv);
    return {
      ...(compiled ? {} : { note: 'run under tsx: start-up figures include the TypeScript loader; `npm run bench` measures the compiled CLI' }),
      ...figures('help', help, 3),
      'target: seams --help < 0.3 s and < 100 MB': verdict(help.seconds < 0.3 && help.peakRss < 100 * 1_048_576),
      ...figures('analyze', analyze),
      'target: seams analyze 100k/300k < 1.5 s and < 500 MB': verdict(analyze.seconds < 1.5 && analyze.peakRss < 500 * 1_048_576),
      ...figures('pgliteOpen', pglite),
      'target: PGlite command < 350 MB': verdict(pglite.peakRss < 350 * 1_048_576),
      ...figures('pgliteFirstRun', created),
      'target: PGlite first run < 350 MB': verdict(created.peakRss < 350 * 1_048_576),
      pgliteFirstRunNote: 'a new data directory: the build’s template copied, then migrated',
      ...figures('demoFresh', demoFresh),
      'target: seams demo --fresh --no-serve < 350 MB': verdict(demoFresh.peakRss < 350 * 1_048_576),
      ...figures('demoAgain', demoAgain),
      'target: seams demo again (--no-serve) < 350 MB': verdict(demoAgain.peakRss < 350 * 1_048_576),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
