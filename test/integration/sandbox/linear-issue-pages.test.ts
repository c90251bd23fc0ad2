import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_LINEAR_KEY, startSandboxTrackers, type SandboxTrackers } from '../../../services/sandbox/sandbox-trackers.js';

describe('sandbox Linear issue pages (demo links)', () => {
  let trackers: SandboxTrackers;
  beforeAll(async () => {
    trackers = await startSandboxTrackers({ seed: 7, size: 'demo', now: new Date('2026-11-25T09:00:00Z') });
  });
  afterAll(() => trackers?.close());

  it("gives issues URLs on the sandbox itself, and each opens the issue's page", async () => {
    const response = await fetch(trackers.linear.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: SANDBOX_LINEAR_KEY },
      body: JSON.stringify({ query: '{ issues(first: 3) { nodes { identifier title url } } }' }),
    });
    const { data } = (await response.json()) as { data: { issues: { nodes: { identifier: string; title: string; url: string }[] } } };
    expect(data.issues.nodes).toHaveLength(3);
    const origin = new URL(trackers.linear.url).origin;
    for (const issue of data.issues.nodes) {
      expect(issue.url.startsWith(`${origin}/`)).toBe(true);
      const page = await fetch(issue.url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(issue.identifier);
    }
    expect((await fetch(`${origin}/seams-demo/issue/NOPE-1`)).status).toBe(404);
  });
});
