import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/** Signed sessions and login links are stateless; this table is what makes logout and single use real. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('dashboard_revocations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dashboard_revocations_expires_at').on('dashboard_revocations').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('dashboard_revocations').execute();
}
