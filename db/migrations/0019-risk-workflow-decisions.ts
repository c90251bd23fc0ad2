/**
 * The TPM's working tools (issue 19): the review state of each risk (status, snooze), a change
 * log of every human edit (who, when, old → new), recorded decisions, and the one-time use of
 * emailed sign-in links, and the team of a `team` subscription. New tables (plus one nullable
 * column), so this migration does not depend on how the risks table itself evolves.
 */
import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

const now = sql`now()`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('risk_reviews')
    .addColumn('risk_id', 'integer', (c) => c.primaryKey().references('risks.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open', 'mitigating', 'accepted', 'closed')`),
    )
    .addColumn('snooze_until', 'date')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('recommendation', 'text')
    .addColumn('decider', 'text')
    .addColumn('due_date', 'date')
    .addColumn('risk_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('item_keys', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    /** `risk:<identity>` when recorded from an engine-proposed decision, so it is proposed once. */
    .addColumn('origin', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'decided')`))
    .addColumn('outcome', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('decisions_program_idx').on('decisions').columns(['program_id', 'status']).execute();

  await db.schema
    .createTable('change_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull().check(sql`entity in ('risk', 'decision')`))
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('change_log_entity_idx').on('change_log').columns(['entity', 'entity_id', 'id']).execute();
  await db.schema.createIndex('change_log_program_idx').on('change_log').columns(['program_id', 'at']).execute();

  // A `team` subscription names the team whose own report it receives.
  await db.schema.alterTable('subscriptions').addColumn('team', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('team').execute();
  for (const table of ['change_log', 'decisions', 'risk_reviews']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
