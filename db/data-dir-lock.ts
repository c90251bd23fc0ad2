/**
 * Embedded PGlite is a single-process database: a second Seams opening the same directory (or a
 * `demo --fresh` deleting it) corrupts it. A lock file beside the directory, holding the owner's
 * pid, turns that into a clear refusal; a lock left by a process that died is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`another Seams (pid ${pid}) is using ${dataDir}; stop it first, or set SEAMS_DATA_DIR to another directory`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of `dataDir` for this process; returns the release function (idempotent). */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir.replace(/\/+$/, '')}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = readOwner(lockFile);
      if (owner !== undefined && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      rmSync(lockFile, { force: true });
    }
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (readOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
  };
}
