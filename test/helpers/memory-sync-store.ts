/**
 * An in-memory SyncStore for connector unit tests. It follows the same contract as db/'s
 * implementation: a page and its cursor are committed together, and a page replaces the links
 * its items declared before (a link is declared by the end listed in `replaceLinksFor`).
 */
import type {
  ItemRef,
  NormalizedItem,
  NormalizedLink,
  NormalizedTransition,
  SyncCounts,
  SyncCursor,
  SyncPage,
  SyncStore,
} from '../../services/connectors/connector-types.js';

export interface MemorySyncStore extends SyncStore {
  readonly items: Map<string, NormalizedItem & { readonly sourceName: string }>;
  readonly links: Map<string, NormalizedLink>;
  readonly transitions: Map<string, NormalizedTransition>;
  readonly cursors: Map<string, SyncCursor>;
  readonly results: Array<{ sourceName: string; scope: string; ok: boolean; error?: string }>;
  readonly deletedReasons: Map<string, 'deleted' | 'out_of_scope'>;
  /** Called before each commit; throw from it to simulate a crash mid-sync. */
  beforeCommit?: (page: SyncPage, next: SyncCursor) => void;
  commits: number;
}

const refId = (ref: ItemRef): string =>
  'externalId' in ref ? `${ref.sourceName}:${ref.externalId}` : `${ref.sourceName}:key:${ref.key}`;

export function createMemorySyncStore(): MemorySyncStore {
  const declaredBy = new Map<string, Set<string>>();
  const store: MemorySyncStore = {
    items: new Map(),
    links: new Map(),
    transitions: new Map(),
    cursors: new Map(),
    results: [],
    deletedReasons: new Map(),
    commits: 0,
    async loadCursor(sourceName, scope) {
      return store.cursors.get(`${sourceName}/${scope}`) ?? null;
    },
    async commitPage(sourceName, scope, page, next): Promise<SyncCounts> {
      store.beforeCommit?.(page, next);
      for (const item of page.items) store.items.set(`${sourceName}:${item.externalId}`, { ...item, sourceName });
      // As in db/: a page replaces the links its items declared (indexed, so a big sync stays linear).
      const declarers = new Set(page.replaceLinksFor.map(refId));
      for (const declarer of declarers) {
        for (const key of declaredBy.get(declarer) ?? []) store.links.delete(key);
        declaredBy.delete(declarer);
      }
      for (const link of page.links) {
        const from = refId(link.from);
        const to = refId(link.to);
        const key = `${from}>${to}:${link.kind}`;
        store.links.set(key, link);
        const declarer = declarers.has(from) ? from : declarers.has(to) ? to : null;
        if (declarer !== null) {
          const keys = declaredBy.get(declarer) ?? new Set<string>();
          keys.add(key);
          declaredBy.set(declarer, keys);
        }
      }
      for (const t of page.transitions) store.transitions.set(`${refId(t.item)}@${t.at.toISOString()}>${t.toStatus}`, t);
      store.cursors.set(`${sourceName}/${scope}`, next);
      store.commits++;
      return { items: page.items.length, links: page.links.length, transitions: page.transitions.length };
    },
    async listLiveExternalIds(sourceName) {
      return [...store.items.values()].filter((i) => i.sourceName === sourceName && !i.deleted).map((i) => i.externalId);
    },
    async markDeleted(sourceName, externalIds, reason) {
      let n = 0;
      for (const id of externalIds) {
        const item = store.items.get(`${sourceName}:${id}`);
        if (item && !item.deleted) {
          store.items.set(`${sourceName}:${id}`, { ...item, deleted: true });
          store.deletedReasons.set(`${sourceName}:${id}`, reason);
          n++;
        }
      }
      return n;
    },
    async recordSyncResult(sourceName, scope, result) {
      store.results.push({ sourceName, scope, ok: result.ok, ...(result.ok ? {} : { error: result.error }) });
    },
  };
  return store;
}
