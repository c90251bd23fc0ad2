import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they must keep working when Database types evolve.
type AnyDb = Kysely<any>;

const now = sql`now()`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('jira', 'linear')`))
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('credentials_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('calendar', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"weekendDays":[0,6],"holidays":[]}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('teams_source_external_uq', ['source_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('work_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('status', 'text')
    .addColumn('status_category', 'text', (c) =>
      c.notNull().check(sql`status_category in ('todo', 'in_progress', 'done', 'unknown')`),
    )
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('assignee', 'text')
    .addColumn('estimate', 'double precision')
    .addColumn('due_date', 'date')
    .addColumn('labels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('epic', 'text')
    .addColumn('project', 'text')
    .addColumn('source_created_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('source_updated_at', 'timestamptz')
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('deleted_reason', 'text')
    .addColumn('placeholder', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('raw', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('work_items_source_external_uq', ['source_id', 'external_id'])
    .execute();
  await db.schema.createIndex('work_items_source_updated_idx').on('work_items').columns(['source_id', 'source_updated_at']).execute();
  await db.schema.createIndex('work_items_source_key_idx').on('work_items').columns(['source_id', 'key']).execute();
  await db.schema.createIndex('work_items_team_idx').on('work_items').column('team_id').execute();

  await db.schema
    .createTable('item_links')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('from_item', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('to_item', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('blocks', 'relates', 'duplicates', 'parent')`))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('declared_by', 'integer', (c) => c.references('work_items.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('item_links_uq', ['from_item', 'to_item', 'kind', 'origin'])
    .execute();
  await db.schema.createIndex('item_links_to_idx').on('item_links').column('to_item').execute();
  await db.schema.createIndex('item_links_declared_idx').on('item_links').column('declared_by').execute();

  await db.schema
    .createTable('status_transitions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('to_category', 'text', (c) =>
      c.notNull().check(sql`to_category in ('todo', 'in_progress', 'done', 'unknown')`),
    )
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('status_transitions_uq', ['item_id', 'at', 'to_status'])
    .execute();
  await db.schema.createIndex('status_transitions_at_idx').on('status_transitions').column('at').execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('updated_since', 'timestamptz')
    .addColumn('page_token', 'text')
    .addColumn('pass_started_at', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('items_synced', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('links_synced', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transitions_synced', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('sync_state_uq', ['source_id', 'scope'])
    .execute();

  await db.schema
    .createTable('programs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'jsonb', (c) => c.notNull())
    .addColumn('target_date', 'date')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('owner', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull())
    .addColumn('colour', 'text', (c) => c.notNull().check(sql`colour in ('green', 'yellow', 'red')`))
    .addColumn('confidence', 'double precision')
    .addColumn('p50', 'date')
    .addColumn('p85', 'date')
    .addColumn('p95', 'date')
    .addColumn('projected_finish', 'date')
    .addColumn('critical_path', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('metrics', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('snapshots_program_period_uq', ['program_id', 'period'])
    .execute();

  await db.schema
    .createTable('risks')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('subject_items', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('low', 'medium', 'high', 'critical')`))
    .addColumn('owner', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('first_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('mitigation', 'text')
    .addColumn('owner_override', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('risks_program_identity_uq', ['program_id', 'identity'])
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('tpm', 'leadership', 'team')`))
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('unsubscribe_token_hash', 'text')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('config'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('subscriptions_uq', ['email', 'program_id', 'audience'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('subscription_id', 'integer', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('deliveries_subscription_period_uq', ['subscription_id', 'period'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'deliveries',
    'subscriptions',
    'risks',
    'snapshots',
    'programs',
    'sync_state',
    'status_transitions',
    'item_links',
    'work_items',
    'teams',
    'sources',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
