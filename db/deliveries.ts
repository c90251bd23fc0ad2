/**
 * The email outbox: one row per (subscription, period), written before anything is sent. Status
 * moves pending -> sending -> sent | failed | skipped; each transition is one conditional UPDATE,
 * so two workers racing for the same row cannot both win.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, DeliveryRow, DeliveryStatusColumn } from './database-types.js';

export interface NewDelivery {
  readonly subscriptionId: number;
  readonly period: string;
  readonly messageId: string;
}

/** Inserts pending rows; rows that already exist (any status) are left as they are. */
export async function createPendingDeliveries(db: Kysely<Database>, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insertInto('deliveries')
    .values(
      deliveries.map((d) => ({ subscription_id: d.subscriptionId, period: d.period, status: 'pending' as const, message_id: d.messageId })),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'period']).doNothing())
    .execute();
}

export async function getDelivery(db: Kysely<Database>, subscriptionId: number, period: string): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function ensureDelivery(db: Kysely<Database>, delivery: NewDelivery): Promise<DeliveryRow> {
  await createPendingDeliveries(db, [delivery]);
  const row = await getDelivery(db, delivery.subscriptionId, delivery.period);
  if (!row) throw new Error(`delivery row for subscription ${delivery.subscriptionId} / ${delivery.period} vanished`);
  return row;
}

/**
 * Claims a pending row for sending: status `sending`, attempts + 1, lease starting now. It is a
 * single autocommitted statement, so the claim is durable before the SMTP conversation starts.
 */
export async function claimDelivery(db: Kysely<Database>, id: number): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), error: null, updated_at: sql<Date>`now()` }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Moves a `sending` row to a final or retryable status; false when the row was not `sending`. */
export async function finishSending(
  db: Kysely<Database>,
  id: number,
  status: Exclude<DeliveryStatusColumn, 'sending'>,
  error: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status,
      error: error?.slice(0, 2000) ?? null,
      sent_at: status === 'sent' ? sql<Date>`now()` : null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Takes over a `sending` row whose lease ran out (its sender died). The database clock decides
 * expiry, so worker clocks cannot disagree about it. Exactly one caller wins.
 */
export async function resolveExpiredSending(
  db: Kysely<Database>,
  id: number,
  leaseMs: number,
  to: 'pending' | 'failed',
  error: string,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: to, error, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${leaseMs / 1000})`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a row that never reached `sending` as skipped (unsubscribed, nothing to report). */
export async function skipPending(db: Kysely<Database>, id: number, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'skipped', error: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listDeliveries(db: Kysely<Database>, period?: string): Promise<DeliveryRow[]> {
  let query = db.selectFrom('deliveries').selectAll().orderBy('id');
  if (period !== undefined) query = query.where('period', '=', period);
  return query.execute();
}
