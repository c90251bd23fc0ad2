/**
 * Linear connector benchmark: full sync of the 'bench' program's Linear slice (the 50,000-item
 * program; its Linear teams hold ~20,000 issues) from the sandbox GraphQL server through the real
 * @linear/sdk client into an in-memory store, then an incremental sync after 1% changed.
 *
 * The store here indexes links by their `from` end. test/helpers/memory-sync-store.ts scans every
 * stored link for every `replaceLinksFor` ref (O(page × links)), which alone takes minutes at this
 * size and would measure the test helper instead of the connector.
 */
import type { ItemRef, NormalizedLink, SyncCounts, SyncCursor, SyncStore } from '../services/connectors/connector-types.js';
import { createLinearConnector } from '../services/connectors/linear/linear-connector.js';
import { generateProgram } from '../services/sandbox/generate-program.js';
import { startLinearSandbox } from '../services/sandbox/linear/linear-server.js';
import { touchIssues } from '../services/sandbox/program-mutations.js';

const API_KEY = 'lin_api_bench_key';

const refId = (ref: ItemRef): string => ('externalId' in ref ? `${ref.sourceName}:${ref.externalId}` : `${ref.sourceName}:key:${ref.key}`);

function createIndexedStore(): SyncStore & { readonly itemCount: () => number; readonly linkCount: () => number } {
  const items = new Map<string, boolean>();
  const linksByFrom = new Map<string, Map<string, NormalizedLink>>();
  const transitions = new Set<string>();
  const cursors = new Map<string, SyncCursor>();
  return {
    itemCount: () => items.size,
    linkCount: () => [...linksByFrom.values()].reduce((n, m) => n + m.size, 0),
    async loadCursor(source, scope) {
      return cursors.get(`${source}/${scope}`) ?? null;
    },
    async commitPage(source, scope, page, next): Promise<SyncCounts> {
      for (const item of page.items) items.set(item.externalId, item.deleted);
      for (const ref of page.replaceLinksFor) linksByFrom.delete(refId(ref));
      for (const link of page.links) {
        const from = refId(link.from);
        const bucket = linksByFrom.get(from) ?? new Map<string, NormalizedLink>();
        bucket.set(`${refId(link.to)}:${link.kind}`, link);
        linksByFrom.set(from, bucket);
      }
      for (const t of page.transitions) transitions.add(`${refId(t.item)}@${t.at.getTime()}>${t.toStatus}`);
      cursors.set(`${source}/${scope}`, next);
      return { items: page.items.length, links: page.links.length, transitions: page.transitions.length };
    },
    async listLiveExternalIds() {
      return [...items].filter(([, deleted]) => !deleted).map(([id]) => id);
    },
    async markDeleted(_source, ids) {
      for (const id of ids) items.set(id, true);
      return ids.length;
    },
    async recordSyncResult() {},
  };
}

export default async function run(): Promise<Record<string, number | string>> {
  const program = generateProgram({
    seed: 42,
    size: 'bench',
    now: new Date(Date.now() - 86_400_000),
    jiraBaseUrl: 'http://127.0.0.1:4010',
    linearWorkspaceUrl: 'https://linear.app/bench',
  });
  const teams = program.teams.filter((t) => t.tracker === 'linear').map((t) => t.key);
  const sandbox = await startLinearSandbox({ program, apiKey: API_KEY, limits: { requestsPerHour: 100_000, complexityPerHour: 100_000_000 } });
  const store = createIndexedStore();
  const connector = createLinearConnector({
    source: { name: 'linear', apiKey: API_KEY, apiUrl: sandbox.url },
    options: { teams, jiraSites: { 'http://127.0.0.1:4010': 'jira' } },
    store,
  });

  const rssBeforeMb = process.memoryUsage().rss / 1e6;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);
  try {
    const full = await connector.sync({ mode: 'full' });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    touchIssues(program, 0.01, 99, new Date());
    sandbox.reindex();
    const incremental = await connector.sync({ mode: 'incremental' });

    return {
      linearItems: full.items,
      fullSyncMs: Math.round(full.durationMs),
      itemsPerSec: Math.round(full.items / (full.durationMs / 1000)),
      fullRequests: full.requests,
      requestsPerItem: Number((full.requests / full.items).toFixed(4)),
      requestsPer50Items: Number(((full.requests / full.items) * 50).toFixed(3)),
      links: store.linkCount(),
      transitions: full.transitions,
      problems: full.problems.length,
      rssBeforeSyncMb: Math.round(rssBeforeMb),
      peakRssMb: Math.round(peakRss / 1e6),
      // The sandbox server and its 50,000-item program live in this process too: the growth is the sync's share.
      syncRssGrowthMb: Math.round(peakRss / 1e6 - rssBeforeMb),
      incrementalItems: incremental.items,
      incrementalRequests: incremental.requests,
      incrementalMs: Math.round(incremental.durationMs),
    };
  } finally {
    clearInterval(sampler);
    await sandbox.close();
  }
}
