/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
 * their measured metrics. Benchmarks carry their own generators; targets live in DESIGN.md.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { default: () => Promise<Record<string, number | string>> };

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of files) {
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    const metrics = await mod.default();
    console.log(`\n## ${file.replace('.bench.ts', '')} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const [name, value] of Object.entries(metrics)) console.log(`  ${name.padEnd(36)} ${value}`);
  } catch (error) {
    failed++;
    console.error(`\n## ${file}: FAILED: ${(error as Error).stack ?? String(error)}`);
  }
}
if (failed > 0) process.exitCode = 1;
