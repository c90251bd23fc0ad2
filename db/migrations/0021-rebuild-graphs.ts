import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/**
 * Why the date moved, and alerts. The program graph each rebuild ran on (one row per ISO week, plus the latest rebuild) and the
 * attribution of the date's move since the previous one: "why did the date move?" needs both sides.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('rebuild_graphs')
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull())
    .addColumn('graph', 'jsonb', (c) => c.notNull())
    .addColumn('attribution', 'jsonb')
    .addColumn('colour', 'text')
    .addColumn('confidence', 'double precision')
    .addColumn('p85', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rebuild_graphs_pkey', ['program_id', 'slot'])
    .execute();

  // What a rebuild found worth telling subscribers at once (P85 moved, colour changed, confidence
  // crossed a line); each is sent through the outbox as period `alert:<id>`, exactly once.
  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('subscriptions').addColumn('alerts', 'jsonb').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('alerts').execute();
  await db.schema.dropTable('alert_events').execute();
  await db.schema.dropTable('rebuild_graphs').execute();
}
