import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSandbox, type SpawnedSandbox } from '../../../bench/bench-helpers.js';

const AUTH = `Basic ${Buffer.from('demo@seams.local:sandbox-jira-api-token').toString('base64')}`;

describe('sandbox-main in a child process', () => {
  let sandbox: SpawnedSandbox;
  beforeAll(async () => {
    sandbox = await spawnSandbox({ size: 'demo', seed: 7, now: new Date('2026-11-25T09:00:00Z') });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  it('announces both trackers and a config that points at them', () => {
    expect(sandbox.jiraUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.linearUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const sources = sandbox.configDocument.sources as { kind: string; baseUrl?: string; apiUrl?: string }[];
    expect(sources.map((s) => s.kind)).toEqual(['jira', 'linear']);
    expect(sources[0]?.baseUrl).toBe(sandbox.jiraUrl);
    expect(sources[1]?.apiUrl).toBe(sandbox.linearUrl);
    expect(sandbox.env).toEqual({ SEAMS_SANDBOX_JIRA_TOKEN: 'sandbox-jira-api-token', SEAMS_SANDBOX_LINEAR_KEY: 'lin_api_sandbox_key' });
  });

  it('touches issues, counts requests and resets the counts', async () => {
    // Touching everything counts the live issues; a quarter of them is then Math.round(live / 4).
    const all = await sandbox.command({ op: 'touch', share: 1, seed: 3 });
    expect(all.ok).toBe(true);
    const live = Number(all.touched);
    expect(live).toBeGreaterThan(20);
    const quarter = await sandbox.command({ op: 'touch', share: 0.25, seed: 3 });
    expect(quarter.touched).toBe(Math.round(live * 0.25));

    await sandbox.command({ op: 'resetStats' });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${sandbox.jiraUrl}/rest/api/3/myself`, { headers: { authorization: AUTH } });
      await res.arrayBuffer();
    }
    const linear = await fetch(sandbox.linearUrl, {
      method: 'POST',
      headers: { authorization: 'lin_api_sandbox_key', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    await linear.arrayBuffer();

    const stats = await sandbox.command({ op: 'stats' });
    expect(stats).toMatchObject({ ok: true, jira: { total: 2 }, linear: { requests: 1 } });

    await sandbox.command({ op: 'resetStats' });
    expect(await sandbox.command({ op: 'stats' })).toMatchObject({ jira: { total: 0 }, linear: { requests: 0 } });
  });

  it('refuses a malformed command without dying', async () => {
    await expect(sandbox.command({ op: 'touch', share: 2, seed: 1 })).rejects.toThrow(/refused touch/);
    expect(await sandbox.command({ op: 'stats' })).toMatchObject({ ok: true });
  });

  it('exits when closed', async () => {
    const other = await spawnSandbox({ size: 'demo', seed: 1 });
    await other.close();
    expect(() => process.kill(other.pid, 0)).toThrow();
    await expect(fetch(`${other.jiraUrl}/rest/api/3/myself`)).rejects.toThrow();
  }, 60_000);
});
