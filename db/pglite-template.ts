/**
 * A fresh PGlite data directory, made once per PGlite version and copied when a command needs a
 * new one. PGlite creates a directory by running initdb against a second embedded Postgres, whose
 * whole 128 MB memory it copies and writes back before each bootstrap step: creating a directory
 * peaks near 600 MB and takes ~6 s of CPU, while opening an existing one stays under 200 MB. So
 * `npm run build` makes the template (under node_modules/.cache, where tool caches live and which
 * survives rebuilding dist/), and opening a missing or empty data directory copies it. Without a
 * template PGlite's own initdb runs, as before.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/** Where the template of the installed PGlite lives: `node_modules/.cache/seams/pglite-<version>`. */
export function pgliteTemplateDir(): string {
  // …/node_modules/@electric-sql/pglite/dist/index.js → the package root, and node_modules above it.
  const packageRoot = join(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return join(packageRoot, '..', '..', '.cache', 'seams', `pglite-${version}`);
}

/**
 * Fills a missing or empty `dataDir` with a copy of the template; false (and nothing touched)
 * when there is no template or the directory already holds something. The copy is made beside
 * the directory and renamed into place, so an interrupted copy never looks like a database.
 */
export function seedDataDir(dataDir: string, templateDir: string = pgliteTemplateDir()): boolean {
  if (!existsSync(join(templateDir, 'PG_VERSION'))) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const copying = `${dataDir.replace(/\/+$/, '')}.copying-${process.pid}`;
  rmSync(copying, { recursive: true, force: true });
  try {
    cpSync(templateDir, copying, { recursive: true });
    // Empty, as checked above (and locked by the caller): rmdir refuses anything else.
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(copying, dataDir);
    return true;
  } catch {
    // A template this process cannot copy (unreadable, damaged) costs memory, not the command:
    // PGlite's own initdb makes the directory.
    return false;
  } finally {
    rmSync(copying, { recursive: true, force: true });
  }
}

/**
 * Makes the template unless it exists. Built beside its final place and renamed into it, so a
 * crash or a concurrent build never leaves a half-made template behind.
 */
export async function createPgliteTemplate(templateDir: string = pgliteTemplateDir()): Promise<'created' | 'exists'> {
  if (existsSync(join(templateDir, 'PG_VERSION'))) return 'exists';
  const building = `${templateDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(dirname(building), { recursive: true });
  try {
    const pglite = new PGlite(building);
    await pglite.waitReady;
    await pglite.close();
    renameSync(building, templateDir);
    return 'created';
  } catch (error) {
    // Another build may have won the race; its template is as good as ours.
    if (existsSync(join(templateDir, 'PG_VERSION'))) return 'exists';
    throw error;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const outcome = await createPgliteTemplate();
  // stderr: the build can run inside `npm run seams -- <command>`, whose stdout is the command's output.
  if (outcome === 'created') console.error(`seams: made the PGlite data-directory template in ${pgliteTemplateDir()}`);
}
