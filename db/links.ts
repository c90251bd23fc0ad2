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

/** Forgets the links these items declared, before the page that re-declares them is stored. */
export async function deleteLinksDeclaredBy(db: Kysely<Database>, itemIds: readonly number[]): Promise<number> {
  if (itemIds.length === 0) return 0;
  const result = await db.deleteFrom('item_links').where('declared_by', 'in', itemIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function upsertLinks(db: Kysely<Database>, links: readonly ResolvedLink[]): Promise<number> {
  const unique = [...new Map(links.map((l) => [`${l.fromItem}>${l.toItem}:${l.kind}:${l.origin}`, l])).values()];
  for (let i = 0; i < unique.length; i += 1000) {
    await db
      .insertInto('item_links')
      .values(
        unique.slice(i, i + 1000).map((l) => ({
          from_item: l.fromItem,
          to_item: l.toItem,
          kind: l.kind,
          origin: l.origin,
          declared_by: l.declaredBy,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['from_item', 'to_item', 'kind', 'origin']).doUpdateSet((eb) => ({
          declared_by: eb.ref('excluded.declared_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
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
