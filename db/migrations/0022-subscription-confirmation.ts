import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/** An API subscription to an address outside the allowed domains waits for the recipient's click. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('subscriptions')
    .addColumn('pending_confirmation', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('pending_confirmation').execute();
}
