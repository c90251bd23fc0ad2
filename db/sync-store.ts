/**
 * The Postgres/PGlite implementation of the connectors' SyncStore. A page, its links, its
 * transitions and the cursor that follows it commit in one transaction: a crash between pages
 * resumes from the last committed page, and upserts make a replayed page harmless.
 */
import { sql, type Kysely } from 'kysely';
import type { ItemRef, NormalizedLink, SyncCounts, SyncCursor, SyncPage, SyncStore } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';
import { listLiveExternalIds, markItemsDeleted, refKey, resolveRefs, upsertItems } from './items.js';
import { deleteLinksDeclaredBy, upsertLinks, type ResolvedLink } from './links.js';
import { sourceIdsByName } from './sources.js';
import { loadCursor, recordSyncOutcome, saveCursor } from './sync-state.js';
import { createTeamCache } from './team-cache.js';
import { insertTransitions, type ResolvedTransition } from './transitions.js';

export interface DbSyncStoreOptions {
  /** Told about links dropped because they point at a source Seams does not know. */
  readonly onUnresolvedLink?: (ref: ItemRef) => void;
  /**
   * Told about links dropped because both ends are the same row. The connectors drop (and log)
   * links whose two references are equal; this catches two different references (an id and a
   * cross-tracker key) that resolve to the same item.
   */
  readonly onSelfLink?: (link: NormalizedLink) => void;
}

export class UnknownSourceError extends Error {
  override readonly name = 'UnknownSourceError';
  constructor(readonly sourceName: string) {
    super(`source "${sourceName}" is not registered (is it in seams.config.yaml?)`);
  }
}

/** Bounds the memory of stored rows (~100 bytes each). */
const MAX_STORED_ROWS = 250_000;

export function createDbSyncStore(db: Kysely<Database>, options: DbSyncStoreOptions = {}): SyncStore {
  let sourceIds: Map<string, number> | null = null;
  const sourceIdsCached = async (): Promise<Map<string, number>> => (sourceIds ??= await sourceIdsByName(db));
  const sourceIdOf = async (name: string): Promise<number> => {
    let id = (await sourceIdsCached()).get(name);
    if (id === undefined) {
      sourceIds = await sourceIdsByName(db);
      id = sourceIds.get(name);
    }
    if (id === undefined) throw new UnknownSourceError(name);
    return id;
  };

  const teamCache = createTeamCache();
  /**
   * Row ids of the synced (not placeholder) items this store committed, by refKey of their
   * external id. About half a full sync's link targets were stored by an earlier page: they need neither a
   * lookup nor a placeholder. Such rows are never deleted (deleted items are only marked).
   */
  const storedRows = new Map<string, number>();
  /**
   * When the server the remembered rows and teams were read from started. A page commits without
   * waiting for its WAL flush (below), so a server crash can lose the last pages' rows and reuse
   * their ids: what was remembered from before a restart is forgotten, as after any failed page.
   */
  let serverStartedAt: number | null = null;
  const forget = (): void => {
    storedRows.clear();
    teamCache.clear();
  };

  return {
    async loadCursor(sourceName, scope) {
      return loadCursor(db, await sourceIdOf(sourceName), scope);
    },

    async commitPage(sourceName: string, scope: string, page: SyncPage, next: SyncCursor): Promise<SyncCounts> {
      const sourceId = await sourceIdOf(sourceName);
      const ids = await sourceIdsCached();
      const teams = teamCache.begin();
      const stored = await db.transaction().execute(async (trx) => {
        // A page need not wait for its WAL flush: if the server crashes within the next fraction
        // of a second, the page and the cursor that follows it are lost together (one
        // transaction), and the next sync fetches the page again. This waiting was about a
        // seventh of a full sync's time. Integrity is unaffected; only that window's durability.
        const { rows } = await sql<{ started: Date }>`
          select set_config('synchronous_commit', 'off', true), pg_postmaster_start_time() as started`.execute(trx);
        const started = rows[0]?.started.getTime() ?? null;
        if (started !== serverStartedAt) {
          forget();
          serverStartedAt = started;
        }
        const named = page.items.flatMap((item) => (item.teamExternalId === null ? [] : [item.teamExternalId]));
        const teamIds = await teams.idsFor(trx, sourceId, page.teams, named);
        const pageItemIds = await upsertItems(trx, sourceId, page.items, teamIds);

        // The page's own items were just upserted and their ids returned, and earlier pages' are
        // remembered: only the other references (link targets not synced yet) need the lookup.
        // Link details only ever fill placeholders, which synced items are not.
        const resolved = new Map<string, number>();
        const refs: ItemRef[] = [];
        const refer = (ref: ItemRef): void => {
          const key = refKey(ref);
          const own = (ref.sourceName === sourceName && 'externalId' in ref ? pageItemIds.get(ref.externalId) : undefined) ?? storedRows.get(key);
          if (own === undefined) refs.push(ref);
          else resolved.set(key, own);
        };
        for (const ref of page.replaceLinksFor) refer(ref);
        for (const l of page.links) {
          refer(l.from);
          refer(l.to);
        }
        for (const t of page.transitions) refer(t.item);
        const told = new Map((page.linkedItems ?? []).map((d) => [refKey(d.ref), d]));
        for (const [key, id] of await resolveRefs(trx, refs, ids, told)) resolved.set(key, id);

        const declarers = new Set<number>();
        for (const ref of page.replaceLinksFor) {
          const id = resolved.get(refKey(ref));
          if (id !== undefined) declarers.add(id);
        }
        await deleteLinksDeclaredBy(trx, [...declarers]);

        const links: ResolvedLink[] = [];
        for (const l of page.links) {
          const from = resolved.get(refKey(l.from));
          const to = resolved.get(refKey(l.to));
          if (from === undefined) options.onUnresolvedLink?.(l.from);
          if (to === undefined) options.onUnresolvedLink?.(l.to);
          if (from !== undefined && from === to) options.onSelfLink?.(l);
          if (from === undefined || to === undefined || from === to) continue;
          const declaredBy = declarers.has(from) ? from : declarers.has(to) ? to : null;
          links.push({ fromItem: from, toItem: to, kind: l.kind, origin: l.origin, declaredBy });
        }
        const linkCount = await upsertLinks(trx, links);

        const transitions: ResolvedTransition[] = [];
        for (const t of page.transitions) {
          const itemId = resolved.get(refKey(t.item));
          if (itemId !== undefined)
            transitions.push({ itemId, fromStatus: t.fromStatus, toStatus: t.toStatus, toCategory: t.toCategory, at: t.at });
        }
        const transitionCount = await insertTransitions(trx, transitions);

        const counts = { items: page.items.length, links: linkCount, transitions: transitionCount };
        await saveCursor(trx, sourceId, scope, next, counts);
        return { counts, pageItemIds };
      }).catch((error: unknown) => {
        forget();
        throw error;
      });
      teams.commit();
      if (storedRows.size + stored.pageItemIds.size > MAX_STORED_ROWS) storedRows.clear();
      for (const [externalId, id] of stored.pageItemIds) storedRows.set(refKey({ sourceName, externalId }), id);
      return stored.counts;
    },

    async listLiveExternalIds(sourceName) {
      return listLiveExternalIds(db, await sourceIdOf(sourceName));
    },

    async markDeleted(sourceName, externalIds, reason) {
      return markItemsDeleted(db, await sourceIdOf(sourceName), externalIds, reason);
    },

    async recordSyncResult(sourceName, scope, result) {
      await recordSyncOutcome(db, await sourceIdOf(sourceName), scope, result);
    },
  };
}
