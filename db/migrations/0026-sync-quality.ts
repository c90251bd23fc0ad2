import type { Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/**
 * What the last sync of a scope dropped, sanitised or found truncated ({dropped, sanitised,
 * truncated}), for the report's data-quality notes. Null until a sync has recorded it.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sync_state').addColumn('last_quality', 'jsonb').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('sync_state').dropColumn('last_quality').execute();
}
