import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

const now = sql`now()`;

/**
 * Write-back state (issue 20): the one Seams comment per program and item, the label Seams added,
 * and the open blockers last seen (so an unblocking is announced exactly once); plus the last
 * write-back run of each program for the dashboard and the data-quality note.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('writeback_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('comment_id', 'text')
    .addColumn('body_hash', 'text')
    .addColumn('in_set', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('label', 'text')
    .addColumn('open_blockers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('unblock_comment_id', 'text')
    .addColumn('unblocked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('writeback_items_program_item_uq', ['program_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('writeback_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().unique().references('programs.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('dry-run', 'on')`))
    .addColumn('ran_at', 'timestamptz', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('writeback_runs').execute();
  await db.schema.dropTable('writeback_items').execute();
}
