import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/**
 * A link's declarer is always one of its two ends (db/sync-store.ts), so the foreign key on
 * `declared_by` guarded nothing the two ends' keys do not: deleting the declarer deletes the
 * link through them. It cost a probe of work_items on every link stored and on every change of
 * declarer (a link both ends declare changes declarer once per full sync): about half the
 * foreign-key probes of a full sync's link upserts. A check states the rule instead; NOT VALID
 * leaves existing rows as they are.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table item_links drop constraint if exists item_links_declared_by_fkey`.execute(db);
  await sql`
    alter table item_links add constraint item_links_declared_by_end
      check (declared_by is null or declared_by = from_item or declared_by = to_item) not valid`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table item_links drop constraint if exists item_links_declared_by_end`.execute(db);
  await sql`
    alter table item_links add constraint item_links_declared_by_fkey
      foreign key (declared_by) references work_items (id) on delete set null`.execute(db);
}
