/** Status transitions (from the Jira changelog / Linear issue history). Idempotent by (item, at, to). */
import type { Kysely } from 'kysely';
import type { StatusCategory } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';

export interface ResolvedTransition {
  readonly itemId: number;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly toCategory: StatusCategory;
  readonly at: Date;
}

export async function insertTransitions(db: Kysely<Database>, transitions: readonly ResolvedTransition[]): Promise<number> {
  const unique = [
    ...new Map(transitions.map((t) => [`${t.itemId}@${t.at.getTime()}>${t.toStatus}`, t])).values(),
  ].filter((t) => !Number.isNaN(t.at.getTime()));
  for (let i = 0; i < unique.length; i += 1000) {
    await db
      .insertInto('status_transitions')
      .values(
        unique.slice(i, i + 1000).map((t) => ({
          item_id: t.itemId,
          from_status: t.fromStatus,
          to_status: t.toStatus,
          to_category: t.toCategory,
          at: t.at,
        })),
      )
      .onConflict((oc) => oc.columns(['item_id', 'at', 'to_status']).doNothing())
      .execute();
  }
  return unique.length;
}

export interface FinishedItemHistory {
  readonly team: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly estimate: number | null;
}

/**
 * Finished items per team since a date, with start = first move into progress and finish =
 * completion. This is what each team's cycle-time and throughput distributions are built from.
 */
export async function loadFinishedHistory(db: Kysely<Database>, since: Date): Promise<FinishedItemHistory[]> {
  const rows = await db
    .selectFrom('work_items as w')
    .innerJoin('teams as t', 't.id', 'w.team_id')
    .select(['t.key as team', 'w.started_at', 'w.completed_at', 'w.source_created_at', 'w.estimate'])
    .where('w.status_category', '=', 'done')
    .where('w.deleted', '=', false)
    .where('w.completed_at', '>=', since)
    .execute();
  const out: FinishedItemHistory[] = [];
  for (const r of rows) {
    const started = r.started_at ?? r.source_created_at;
    if (!started || !r.completed_at || started > r.completed_at) continue;
    out.push({ team: r.team, startedAt: started, finishedAt: r.completed_at, estimate: r.estimate });
  }
  return out;
}
