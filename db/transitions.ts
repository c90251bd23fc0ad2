/** Status transitions (from the Jira changelog / Linear issue history). Idempotent by (item, at, to). */
import { sql, type Kysely } from 'kysely';
import type { StatusCategory } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';

export interface ResolvedTransition {
  readonly itemId: number;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly toCategory: StatusCategory;
  readonly at: Date;
}

/** Rows per statement; transitions travel as one JSON parameter (see upsertItems for why). */
const TRANSITION_CHUNK = 5000;

export async function insertTransitions(db: Kysely<Database>, transitions: readonly ResolvedTransition[]): Promise<number> {
  const unique = [
    ...new Map(transitions.map((t) => [`${t.itemId}@${t.at.getTime()}>${t.toStatus}`, t])).values(),
  ].filter((t) => !Number.isNaN(t.at.getTime()));
  for (let i = 0; i < unique.length; i += TRANSITION_CHUNK) {
    const rows = unique
      .slice(i, i + TRANSITION_CHUNK)
      .map((t) => ({ i: t.itemId, f: t.fromStatus, t: t.toStatus, c: t.toCategory, a: t.at }));
    await sql`
      insert into status_transitions (item_id, from_status, to_status, to_category, at)
      select r.i, r.f, r.t, r.c, r.a from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(i integer, f text, t text, c text, a timestamptz)
      on conflict (item_id, at, to_status) do nothing`.execute(db);
  }
  return unique.length;
}

export interface FinishedItemHistory {
  readonly team: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly estimate: number | null;
  /** Never moved into progress: the start is the creation. */
  readonly fromCreation: boolean;
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
    out.push({ team: r.team, startedAt: started, finishedAt: r.completed_at, estimate: r.estimate, fromCreation: r.started_at === null });
  }
  return out;
}
