/**
 * A sync store's memory of the teams it stored: a page whose teams are all known and unchanged
 * costs no statement (upserting and re-reading every team on every page was ~4% of a full sync's
 * database time). What a page's transaction learns is kept only once it commits, so a rolled-back
 * team never lends its id to a later page.
 */
import type { Kysely } from 'kysely';
import type { NormalizedTeam } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';
import { teamIdsByExternalId, upsertTeams } from './teams.js';

interface KnownTeam {
  readonly id: number;
  /** As last stored by this store; unknown for teams only read back. */
  readonly key?: string;
  readonly name?: string;
}

export interface TeamCacheTransaction {
  /**
   * Team external id → row id for the teams a page describes and the teams its items name. Described
   * teams are upserted when new or changed; a named team stored nowhere is created under its id.
   */
  idsFor(db: Kysely<Database>, sourceId: number, described: readonly NormalizedTeam[], named: Iterable<string>): Promise<Map<string, number>>;
  /** Keeps what this transaction learnt; call once it has committed. */
  commit(): void;
}

export interface TeamCache {
  begin(): TeamCacheTransaction;
  /** Forgets every team (their rows may be gone: see db/sync-store.ts). */
  clear(): void;
}

export function createTeamCache(): TeamCache {
  const known = new Map<number, Map<string, KnownTeam>>();
  return {
    clear() {
      known.clear();
    },
    begin() {
      const learnt: [number, Map<string, KnownTeam>][] = [];
      return {
        async idsFor(db, sourceId, described, named) {
          const cached = known.get(sourceId);
          const fresh = new Map<string, KnownTeam>();
          const idOf = (externalId: string): number | undefined => fresh.get(externalId)?.id ?? cached?.get(externalId)?.id;
          const stale = described.filter((t) => {
            const hit = cached?.get(t.externalId);
            return hit?.key !== t.key || hit.name !== t.name;
          });
          const learn = (ids: ReadonlyMap<string, number>): void => {
            for (const [externalId, id] of ids) if (idOf(externalId) !== id) fresh.set(externalId, { id });
          };
          if (stale.length > 0) {
            learn(await upsertTeams(db, sourceId, stale));
            for (const t of stale) fresh.set(t.externalId, { id: idOf(t.externalId)!, key: t.key, name: t.name });
          }
          let unnamed = [...new Set(named)].filter((externalId) => idOf(externalId) === undefined);
          if (unnamed.length > 0 && stale.length === 0) {
            learn(await teamIdsByExternalId(db, sourceId));
            unnamed = unnamed.filter((externalId) => idOf(externalId) === undefined);
          }
          if (unnamed.length > 0) learn(await upsertTeams(db, sourceId, unnamed.map((id) => ({ externalId: id, key: id, name: id }))));
          learnt.push([sourceId, fresh]);
          const ids = new Map<string, number>();
          for (const externalId of [...described.map((t) => t.externalId), ...named]) {
            const id = idOf(externalId);
            if (id !== undefined) ids.set(externalId, id);
          }
          return ids;
        },
        commit() {
          for (const [sourceId, fresh] of learnt) {
            const cached = known.get(sourceId) ?? new Map<string, KnownTeam>();
            for (const [externalId, team] of fresh) cached.set(externalId, team);
            known.set(sourceId, cached);
          }
        },
      };
    },
  };
}
