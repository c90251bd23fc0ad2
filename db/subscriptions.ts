/**
 * Subscriptions: who gets which program's email. Config-defined ones (origin `config`) are
 * upserted at start; API-created ones (origin `api`) are left alone by config upserts. Every
 * function takes the db or a transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { AudienceColumn, Database, SubscriptionRow } from './database-types.js';

export interface SubscriptionDefinition {
  readonly email: string;
  readonly programName: string;
  readonly audience: AudienceColumn;
  readonly timezone: string;
  readonly cadence?: string;
  /** Alert preferences; absent: weekly email only. */
  readonly alerts?: object | null;
  /** The team of a `team` subscription. */
  readonly team?: string | null;
}

export interface SubscriptionWithProgram extends SubscriptionRow {
  readonly program_name: string;
}

export type SubscriptionOrigin = 'config' | 'api';

/** A subscription named a program that is not in the database (not in the config). */
export class UnknownProgramError extends Error {
  override readonly name = 'UnknownProgramError';
  constructor(readonly programNames: readonly string[]) {
    super(`unknown program(s): ${programNames.join(', ')}`);
  }
}

async function programIds(db: Kysely<Database>, names: readonly string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom('programs').select(['id', 'name']).where('name', 'in', [...new Set(names)]).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

/**
 * Inserts or updates subscriptions. From config, an existing row keeps its `active` flag: a
 * person who unsubscribed stays unsubscribed although the config still lists them. From the API,
 * the call is an explicit request to subscribe, so it reactivates.
 */
export async function upsertSubscriptions(
  db: Kysely<Database>,
  definitions: readonly SubscriptionDefinition[],
  origin: SubscriptionOrigin,
  options: { readonly pendingConfirmation?: boolean } = {},
): Promise<SubscriptionRow[]> {
  const pending = origin === 'api' && options.pendingConfirmation === true;
  if (definitions.length === 0) return [];
  const ids = await programIds(db, definitions.map((d) => d.programName));
  const missing = definitions.filter((d) => !ids.has(d.programName)).map((d) => d.programName);
  if (missing.length > 0) throw new UnknownProgramError([...new Set(missing)]);
  return db
    .insertInto('subscriptions')
    .values(
      definitions.map((d) => ({
        email: d.email.toLowerCase(),
        program_id: ids.get(d.programName) ?? 0,
        audience: d.audience,
        cadence: d.cadence ?? 'weekly',
        timezone: d.timezone,
        alerts: d.alerts ? JSON.stringify(d.alerts) : null,
        origin,
        ...(pending ? { active: false, pending_confirmation: true } : {}),
        team: d.team ?? null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['email', 'program_id', 'audience']).doUpdateSet((eb) => ({
        timezone: eb.ref('excluded.timezone'),
        cadence: eb.ref('excluded.cadence'),
        alerts: eb.ref('excluded.alerts'),
        team: eb.ref('excluded.team'),
        // An unconfirmed request never switches mail on; an inactive row waits for the click again.
        ...(origin === 'api' && !pending ? { active: true, pending_confirmation: false } : {}),
        ...(pending ? { pending_confirmation: sql<boolean>`not ${eb.ref('subscriptions.active')}` } : {}),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .execute();
}

/** Config-origin subscriptions no longer in the config stop receiving email (rows are kept for history). */
export async function deactivateConfigSubscriptionsExcept(db: Kysely<Database>, keepIds: readonly number[]): Promise<number> {
  let query = db
    .updateTable('subscriptions')
    .set({ active: false, updated_at: new Date() })
    .where('origin', '=', 'config')
    .where('active', '=', true);
  if (keepIds.length > 0) query = query.where('id', 'not in', [...keepIds]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setUnsubscribeTokenHash(db: Kysely<Database>, id: number, hash: string): Promise<void> {
  await db.updateTable('subscriptions').set({ unsubscribe_token_hash: hash }).where('id', '=', id).execute();
}

export async function getSubscription(db: Kysely<Database>, id: number): Promise<SubscriptionWithProgram | undefined> {
  return db
    .selectFrom('subscriptions')
    .innerJoin('programs', 'programs.id', 'subscriptions.program_id')
    .selectAll('subscriptions')
    .select('programs.name as program_name')
    .where('subscriptions.id', '=', id)
    .executeTakeFirst();
}

export async function listActiveSubscriptions(db: Kysely<Database>, programName: string): Promise<SubscriptionWithProgram[]> {
  return db
    .selectFrom('subscriptions')
    .innerJoin('programs', 'programs.id', 'subscriptions.program_id')
    .selectAll('subscriptions')
    .select('programs.name as program_name')
    .where('programs.name', '=', programName)
    .where('subscriptions.active', '=', true)
    .orderBy('subscriptions.id')
    .execute();
}

/** Returns true when this call turned the subscription off (false if it already was). */
export async function deactivateSubscription(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ active: false, updated_at: new Date() })
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Makes config-origin subscriptions match the config; API-created ones are untouched. */
export async function upsertConfigSubscriptions(
  db: Kysely<Database>,
  definitions: readonly SubscriptionDefinition[],
): Promise<SubscriptionRow[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await upsertSubscriptions(trx, definitions, 'config');
    await deactivateConfigSubscriptionsExcept(trx, rows.filter((r) => r.origin === 'config').map((r) => r.id));
    return rows;
  });
}

/** The recipient clicked the confirmation link: mail starts. False if it was not waiting for one. */
export async function confirmSubscription(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ active: true, pending_confirmation: false, updated_at: new Date() })
    .where('id', '=', id)
    .where('pending_confirmation', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
