/**
 * `seams demo --no-serve` must exit in every mode. With REDIS_URL the demo runs its jobs through
 * BullMQ; a Redis connection left open there once kept the process alive after the reports were
 * written. The demo runs in its own process here, exactly as a user starts it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe('npm run demo -- --fresh --no-serve with DATABASE_URL and REDIS_URL', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  }, 60_000);

  afterAll(async () => {
    await t?.drop();
  });

  it('writes its reports through BullMQ and exits on its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seams-demo-exit-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'services/cli.ts', 'demo', '--fresh', '--no-serve', '--out', join(dir, 'out')],
      {
        env: { ...process.env, DATABASE_URL: t.url, REDIS_URL, SEAMS_DATA_DIR: join(dir, '.seams'), LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The bound only turns a hang into a failure; a healthy run exits in seconds.
    const code = await new Promise<number | null>((resolve) => {
      const hung = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 240_000);
      child.on('exit', (exitCode) => {
        clearTimeout(hung);
        resolve(exitCode);
      });
    });
    expect(output).toContain('Jobs: BullMQ queues on REDIS_URL with an in-process worker');
    expect(output).toContain('leadership.eml');
    expect(code, output).toBe(0);
  }, 300_000);
});
