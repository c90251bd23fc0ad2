/** Item links in the normalized direction (`A blocks B`: B depends on A). */
import { sql, type Kysely } from 'kysely';
import type { LinkKind } from '../services/connectors/connector-types.js';
import type { Database } from './database-types.js';

export interface ResolvedLink {
  readonly fromItem: number;
  readonly toItem: number;
  readonly kind: LinkKind;
  readonly origin: string;
  readonly declaredBy: number | null;
}

/**
 * Forgets the links these items declared, before the page that re-declares them is stored.
 * The ids are probed one by one through the declared_by index (a LATERAL subquery the planner
 * cannot flatten): on tables not analysed yet — every first sync, autovacuum analyses only
 * after a minute — Postgres' default estimates turn `declared_by in (…100 ids)` into a
 * sequential scan of item_links on every page.
 */
export async function deleteLinksDeclaredBy(db: Kysely<Database>, itemIds: readonly number[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const result = await sql`
    delete from item_links where id = any(array(
      select l.id from jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb) as d(item_id)
      cross join lateral (select id from item_links where declared_by = d.item_id::integer offset 0) as l))`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Rows per statement; links travel as one JSON parameter (see upsertItems for why). */
const LINK_CHUNK = 5000;

export async function upsertLinks(db: Kysely<Database>, links: readonly ResolvedLink[]): Promise<number> {
  const unique = [...new Map(links.map((l) => [`${l.fromItem}>${l.toItem}:${l.kind}:${l.origin}`, l])).values()];
  for (let i = 0; i < unique.length; i += LINK_CHUNK) {
    const rows = unique.slice(i, i + LINK_CHUNK).map((l) => ({ f: l.fromItem, t: l.toItem, k: l.kind, o: l.origin, d: l.declaredBy }));
    await sql`
      insert into item_links (from_item, to_item, kind, origin, declared_by)
      select r.f, r.t, r.k, r.o, r.d from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(f integer, t integer, k text, o text, d integer)
      on conflict (from_item, to_item, kind, origin) do update set declared_by = excluded.declared_by, updated_at = now()`.execute(db);
  }
  return unique.length;
}

export async function countLinks(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('item_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
