/** Runs kysely's Migrator over the migrations compiled into the code (no filesystem scan). */
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import * as initialSchema from './migrations/0001-initial-schema.js';
import * as riskIdentityAndSnapshotPlan from './migrations/0018-risk-identity-and-snapshot-plan.js';
import * as riskWorkflowDecisions from './migrations/0019-risk-workflow-decisions.js';
import * as writebackComments from './migrations/0020-writeback-comments.js';
import * as rebuildGraphs from './migrations/0021-rebuild-graphs.js';
import * as dashboardRevocations from './migrations/0022-dashboard-revocations.js';
import * as subscriptionConfirmation from './migrations/0022-subscription-confirmation.js';
import * as trackRecords from './migrations/0025-track-records.js';
import * as syncQuality from './migrations/0026-sync-quality.js';
import * as rawLz4Compression from './migrations/0027-raw-lz4-compression.js';
import * as linkDeclarerCheck from './migrations/0028-link-declarer-check.js';
import { SchemaTooNewError } from './database-error.js';
import type { Database } from './database-types.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': initialSchema,
  '0018-risk-identity-and-snapshot-plan': riskIdentityAndSnapshotPlan,
  '0019-risk-workflow-decisions': riskWorkflowDecisions,
  '0020-writeback-comments': writebackComments,
  '0021-rebuild-graphs': rebuildGraphs,
  '0022-dashboard-revocations': dashboardRevocations,
  '0022-subscription-confirmation': subscriptionConfirmation,
  '0025-track-records': trackRecords,
  '0026-sync-quality': syncQuality,
  '0027-raw-lz4-compression': rawLz4Compression,
  '0028-link-declarer-check': linkDeclarerCheck,
};

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
}

/** Refuses a database that holds migrations this code does not know (it was migrated by a newer Seams). */
export async function assertSchemaNotNewer(db: Kysely<Database>): Promise<void> {
  const newer = (await listExecutedMigrationNames(db)).filter((name) => !(name in MIGRATIONS));
  if (newer.length > 0) throw new SchemaTooNewError(newer);
}

async function listExecutedMigrationNames(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await (db as unknown as Kysely<{ kysely_migration: { name: string } }>)
    .selectFrom('kysely_migration')
    .select('name')
    .execute();
  return rows.map((r) => r.name);
}

export interface MigrationOutcome {
  readonly applied: readonly string[];
}

/** Brings the schema to the latest version; a second run is a no-op. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  await assertSchemaNotNewer(db);
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw new Error(`migration failed: ${describeFailure(results)}`, { cause: error });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

function describeFailure(results: MigrationResultSet['results']): string {
  const failed = results?.find((r) => r.status === 'Error');
  return failed ? failed.migrationName : 'unknown migration';
}

export function knownMigrations(): readonly string[] {
  return Object.keys(MIGRATIONS);
}
