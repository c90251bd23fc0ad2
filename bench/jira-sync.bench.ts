/**
 * Jira connector throughput: full sync of the 50,000-item 'bench' program from the sandbox Jira
 * server into an in-memory store (bench/jira-bench-store.ts), then an incremental sync after 1% of the issues change.
 * Targets (DESIGN.md): >= 2,000 items/s, <= 1 API call per 50 items, peak RSS <= 400 MB,
 * incremental < 5 s with calls proportional to the change.
 */
import { createJiraConnector } from '../services/connectors/jira/jira-connector.js';
import { generateProgram } from '../services/sandbox/generate-program.js';
import { touchIssues } from '../services/sandbox/program-mutations.js';
import { startJiraSandbox } from '../services/sandbox/jira/jira-server.js';
import { createBenchStore } from './jira-bench-store.js';

const EMAIL = 'bench@acme.example';
const TOKEN = 'bench-token';

export default async function run(): Promise<Record<string, number | string>> {
  const now = new Date('2026-06-01T12:00:00Z');
  const program = generateProgram({ seed: 2026, size: 'bench', now, jiraBaseUrl: 'http://127.0.0.1:1', linearWorkspaceUrl: 'https://linear.app/acme' });
  const sandbox = await startJiraSandbox({ program, port: 0, email: EMAIL, apiToken: TOKEN });
  const store = createBenchStore();
  const connector = createJiraConnector({
    source: { name: 'jira', baseUrl: sandbox.url, email: EMAIL, apiToken: TOKEN },
    options: { projects: program.teams.filter((t) => t.tracker === 'jira').map((t) => t.key), linearWorkspaces: { acme: 'linear' } },
    store,
  });

  // The sandbox runs in this process (a real tracker would not): report its share separately.
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1_048_576);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);
  try {
    const full = await connector.sync({ mode: 'full' });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    touchIssues(program, 0.01, 7, new Date(now.getTime() + 3_600_000));
    const changedJira = program.issues.filter((i) => !i.deleted && i.tracker === 'jira' && i.updatedAt.getTime() === now.getTime() + 3_600_000).length;
    const incremental = await connector.sync({ mode: 'incremental' });

    return {
      jiraItems: full.items,
      fullSeconds: round(full.durationMs / 1000, 2),
      itemsPerSecond: Math.round(full.items / (full.durationMs / 1000)),
      fullRequests: full.requests,
      itemsPerRequest: round(full.items / full.requests, 1),
      links: full.links,
      transitions: full.transitions,
      peakRssMb: Math.round(peakRss / 1_048_576),
      rssBeforeSyncMb: baselineRssMb,
      syncRssGrowthMb: Math.round(peakRss / 1_048_576) - baselineRssMb,
      avgRawBytes: Math.round(store.rawBytes / Math.max(1, full.items + incremental.items)),
      incrementalChanged: changedJira,
      incrementalItems: incremental.items,
      incrementalRequests: incremental.requests,
      incrementalSeconds: round(incremental.durationMs / 1000, 3),
      storedLinks: store.linkCount(),
    };
  } finally {
    clearInterval(sampler);
    await sandbox.close();
  }
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
