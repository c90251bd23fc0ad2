/**
 * `npm run seams`: runs the compiled CLI from dist/, building it first when a source file is newer
 * than the last build (or nothing is built yet), so commands start in a fraction of a second
 * instead of paying for an on-the-fly TypeScript loader. Plain JavaScript: it has to run before
 * anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'dist', 'services', 'cli.js');
const stamp = join(root, 'dist', '.build-stamp');
const SOURCE_DIRS = ['services', 'workers', 'db'];
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|graphql)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of BUILD_INPUTS) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function isStale() {
  if (!existsSync(entry) || !existsSync(stamp)) return true;
  return newestSourceMtime() > statSync(stamp).mtimeMs;
}

if (isStale()) {
  process.stderr.write('seams: compiling (once per source change)…\n');
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, 'run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
    : spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (build.status !== 0) {
    process.stderr.write('seams: the build failed (see above)\n');
    process.exit(1);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
