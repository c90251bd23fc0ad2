/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
 * their measured metrics. Benchmarks carry their own generators; targets live in DESIGN.md.
 *
 * `npm run bench` compiles first (tsconfig.bench.json) and runs this file as JavaScript, the way
 * production runs, so memory and speed are not those of an on-the-fly TypeScript loader; under
 * `tsx bench/run.ts` it runs the .ts files directly.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { default: () => Promise<Record<string, number | string>> };

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
// `.js` when compiled, `.ts` under tsx: the benchmarks beside this file have the same extension.
const suffix = `.bench${extname(self)}`;
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(suffix))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

/** Runs one benchmark in this process and prints its metrics; false when it failed. */
async function runHere(file: string): Promise<boolean> {
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    const metrics = await mod.default();
    console.log(`\n## ${file.replace(suffix, '')} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const [name, value] of Object.entries(metrics)) console.log(`  ${name.padEnd(36)} ${value}`);
    return true;
  } catch (error) {
    console.error(`\n## ${file}: FAILED: ${(error as Error).stack ?? String(error)}`);
    return false;
  }
}

/**
 * Each benchmark of a multi-benchmark run gets a fresh process (same node flags, loader included):
 * memory metrics such as peak RSS would otherwise carry what the benchmarks before it left behind.
 */
function runInChild(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, self, file], { stdio: 'inherit' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

let failed = 0;
for (const file of files) {
  const ok = files.length === 1 ? await runHere(file) : await runInChild(file);
  if (!ok) failed++;
}
if (failed > 0) process.exitCode = 1;
