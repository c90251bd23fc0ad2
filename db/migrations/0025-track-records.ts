import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

/** The latest backtest track record of each program (issue 25). */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('track_records')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().unique().references('programs.id').onDelete('cascade'))
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('track_records').execute();
}
