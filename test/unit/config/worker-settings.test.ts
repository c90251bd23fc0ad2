import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../services/config/config-error.js';
import { parseConfigFile } from '../../../services/config/load-config.js';
import { DEFAULT_TUNING, tuningFromSettings } from '../../../workers/worker-main.js';

function issuesOf(document: unknown): string {
  try {
    parseConfigFile(document, 'seams.config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('worker: config section', () => {
  it('defaults to a kill -9 recovery well under 30 s', () => {
    const worker = parseConfigFile({}, 'seams.config.yaml').worker;
    expect(worker).toEqual({ jobLockSeconds: 15, stalledCheckSeconds: 5, maxStalledCount: 1, sourceLockSeconds: 15, busySourceRetrySeconds: 5 });
    const worstCaseS = Math.max(worker.jobLockSeconds + worker.stalledCheckSeconds, worker.sourceLockSeconds + worker.busySourceRetrySeconds);
    expect(worstCaseS).toBeLessThan(30);
    expect(DEFAULT_TUNING).toMatchObject(tuningFromSettings(worker));
  });

  it('turns seconds into the worker tuning', () => {
    const worker = parseConfigFile({ worker: { jobLockSeconds: 60, stalledCheckSeconds: 30, maxStalledCount: 3 } }, 'f').worker;
    expect(tuningFromSettings(worker)).toEqual({
      lockDurationMs: 60_000,
      stalledIntervalMs: 30_000,
      maxStalledCount: 3,
      sourceLockTtlMs: 15_000,
      busyRetryMs: 5_000,
    });
  });

  it('names the path of a bad value and rejects unknown keys', () => {
    expect(issuesOf({ worker: { jobLockSeconds: 2 } })).toContain('worker.jobLockSeconds');
    expect(issuesOf({ worker: { maxStalledCount: 0 } })).toContain('worker.maxStalledCount');
    expect(issuesOf({ worker: { lockSeconds: 10 } })).toMatch(/lockSeconds/);
    const tooRare = issuesOf({ worker: { jobLockSeconds: 10, stalledCheckSeconds: 20 } });
    expect(tooRare).toContain('worker.stalledCheckSeconds');
    expect(tooRare).toContain('at most jobLockSeconds');
  });
});
