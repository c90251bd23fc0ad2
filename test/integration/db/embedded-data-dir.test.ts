import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/connection.js';
import { DataDirLockedError, lockDataDir } from '../../../db/data-dir-lock.js';
import { DatabaseError } from '../../../db/database-error.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { createPgliteTemplate, seedDataDir } from '../../../db/pglite-template.js';

const root = mkdtempSync(join(tmpdir(), 'seams-datadir-'));
const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120_000)'], { stdio: 'ignore' });
afterAll(() => sleeper.kill());

describe('embedded data directory', () => {
  it('refuses a directory another live Seams holds, naming its pid', () => {
    const dir = join(root, 'held');
    writeFileSync(`${dir}.lock`, `${sleeper.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`another Seams (pid ${sleeper.pid}) is using ${dir}`);
  });

  it('takes over a lock left by a process that died, and releases it on close', () => {
    const dir = join(root, 'stale');
    writeFileSync(`${dir}.lock`, '999999999\n');
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(`another Seams (pid ${process.pid})`);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir)();
  });

  it('a second open of the same PGlite directory is refused until the first closes', async () => {
    const dir = join(root, 'pgdata');
    const first = openDatabase({ dataDir: dir });
    await sql`select 1`.execute(first.db);
    expect(() => openDatabase({ dataDir: dir })).toThrow(DataDirLockedError);
    await first.close();
    const second = openDatabase({ dataDir: dir });
    await sql`select 1`.execute(second.db);
    await second.close();
  }, 60_000);

  it('a damaged directory gets a clear message with the recovery step, not "Aborted()"', async () => {
    const dir = join(root, 'damaged');
    const handle = openDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    await handle.close();
    writeFileSync(join(dir, 'global', 'pg_control'), 'garbage');
    const damaged = openDatabase({ dataDir: dir });
    const error = await sql`select 1`.execute(damaged.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(new RegExp(`embedded database in ${dir} cannot be opened .*move ${dir} away`));
    await damaged.close().catch(() => undefined);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 60_000);

  it('a directory copied from a template made elsewhere opens, migrates and keeps its data', async () => {
    const template = join(root, 'template');
    expect(await createPgliteTemplate(template)).toBe('created');
    expect(await createPgliteTemplate(template)).toBe('exists');
    const dir = join(root, 'seeded');
    expect(seedDataDir(dir, template)).toBe(true);
    const handle = openDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    await sql`create table seeded_check (n int)`.execute(handle.db);
    await sql`insert into seeded_check values (42)`.execute(handle.db);
    await handle.close();
    const reopened = openDatabase({ dataDir: dir });
    const { rows } = await sql<{ n: number }>`select n from seeded_check`.execute(reopened.db);
    await reopened.close();
    expect(rows).toEqual([{ n: 42 }]);
    // The template itself is untouched: the next copy starts fresh.
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    expect(seedDataDir(join(root, 'seeded-2'), template)).toBe(true);
  }, 120_000);
});
