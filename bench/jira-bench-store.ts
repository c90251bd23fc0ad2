/**
 * An in-memory SyncStore with indexed link replacement, for the connector benchmark. The test
 * helper store replaces links by scanning every stored link per item (quadratic at 50,000
 * items), which would measure the helper rather than the connector. Links are replaced by the
 * item that declared them, as db/ does. `raw` is serialized (as db/ does for its jsonb column)
 * and counted, not kept: the database holds it on disk, not in the syncing process.
 */
import type { ItemRef, NormalizedItem, SyncCounts, SyncCursor, SyncPage, SyncStore } from '../services/connectors/connector-types.js';

export interface BenchStore extends SyncStore {
  readonly items: Map<string, NormalizedItem>;
  readonly linkCount: () => number;
  transitions: number;
  rawBytes: number;
}

const refId = (ref: ItemRef): string => ('externalId' in ref ? `${ref.sourceName}:${ref.externalId}` : `${ref.sourceName}:key:${ref.key}`);

export function createBenchStore(): BenchStore {
  const items = new Map<string, NormalizedItem>();
  const cursors = new Map<string, SyncCursor>();
  const linksByDeclarer = new Map<string, Set<string>>();
  const store: BenchStore = {
    items,
    transitions: 0,
    rawBytes: 0,
    linkCount: () => {
      let n = 0;
      for (const set of linksByDeclarer.values()) n += set.size;
      return n;
    },
    async loadCursor(sourceName, scope) {
      return cursors.get(`${sourceName}/${scope}`) ?? null;
    },
    async commitPage(sourceName, scope, page: SyncPage, next): Promise<SyncCounts> {
      for (const item of page.items) {
        store.rawBytes += JSON.stringify(item.raw).length;
        items.set(`${sourceName}:${item.externalId}`, { ...item, raw: null });
      }
      const declarers = new Set(page.replaceLinksFor.map(refId));
      for (const d of declarers) linksByDeclarer.delete(d);
      for (const link of page.links) {
        const from = refId(link.from);
        const to = refId(link.to);
        const declarer = declarers.has(from) ? from : to;
        let set = linksByDeclarer.get(declarer);
        if (!set) linksByDeclarer.set(declarer, (set = new Set()));
        set.add(`${from}>${to}:${link.kind}:${link.origin}`);
      }
      store.transitions += page.transitions.length;
      cursors.set(`${sourceName}/${scope}`, next);
      return { items: page.items.length, links: page.links.length, transitions: page.transitions.length };
    },
    async listLiveExternalIds(sourceName) {
      return [...items.entries()].filter(([k, i]) => k.startsWith(`${sourceName}:`) && !i.deleted).map(([, i]) => i.externalId);
    },
    async markDeleted(sourceName, externalIds) {
      let n = 0;
      for (const id of externalIds) {
        const item = items.get(`${sourceName}:${id}`);
        if (item && !item.deleted) {
          items.set(`${sourceName}:${id}`, { ...item, deleted: true });
          n++;
        }
      }
      return n;
    },
    async recordSyncResult() {},
  };
  return store;
}
