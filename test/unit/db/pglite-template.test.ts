import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteTemplateDir, seedDataDir } from '../../../db/pglite-template.js';

const root = mkdtempSync(join(tmpdir(), 'seams-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A stand-in for an initdb'd directory: the copy, not Postgres, is under test here.
const template = join(root, 'template');
mkdirSync(join(template, 'base', '1'), { recursive: true });
writeFileSync(join(template, 'PG_VERSION'), '17\n');
writeFileSync(join(template, 'base', '1', '1259'), 'catalog');

describe('seedDataDir', () => {
  it('copies the template into a missing directory and into an empty one', () => {
    const missing = join(root, 'missing', 'pgdata');
    expect(seedDataDir(missing, template)).toBe(true);
    expect(readFileSync(join(missing, 'base', '1', '1259'), 'utf8')).toBe('catalog');
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(seedDataDir(empty, template)).toBe(true);
    expect(readFileSync(join(empty, 'PG_VERSION'), 'utf8')).toBe('17\n');
    // Copied beside the directory and renamed into place: nothing is left next to it.
    expect(readdirSync(root).filter((name) => name.includes('.copying-'))).toEqual([]);
  });

  it('leaves a directory that holds anything alone', () => {
    const used = join(root, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'postgresql.conf'), 'mine');
    expect(seedDataDir(used, template)).toBe(false);
    expect(existsSync(join(used, 'PG_VERSION'))).toBe(false);
  });

  it('gives up (PGlite then runs its own initdb) when the copy fails, leaving nothing behind', () => {
    // Any failure will do: here the directory's parent is a file (ENOTDIR).
    const parent = join(root, 'a-file');
    writeFileSync(parent, '');
    expect(seedDataDir(join(parent, 'pgdata'), template)).toBe(false);
    expect(readdirSync(root).filter((name) => name.includes('.copying-'))).toEqual([]);
  });

  it('does nothing without a finished template (PGlite then runs its own initdb)', () => {
    const dir = join(root, 'no-template');
    expect(seedDataDir(dir, join(root, 'absent'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps one template per installed PGlite version in the tool cache', () => {
    const { version } = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')) as { version: string };
    expect(pgliteTemplateDir()).toBe(join(process.cwd(), 'node_modules', '.cache', 'seams', `pglite-${version}`));
  });
});
