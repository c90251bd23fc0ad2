/** Alert events and the outbox rows that carry them (period `alert:<id>`). */
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';

export const ALERT_PERIOD_PREFIX = 'alert:';

export async function createAlertEvent(db: Kysely<Database>, programId: number, payload: object): Promise<number> {
  const row = await db
    .insertInto('alert_events')
    .values({ program_id: programId, payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getAlertEvent(db: Kysely<Database>, id: number): Promise<{ programId: number; payload: unknown; createdAt: Date } | null> {
  const row = await db.selectFrom('alert_events').select(['program_id', 'payload', 'created_at']).where('id', '=', id).executeTakeFirst();
  return row ? { programId: row.program_id, payload: row.payload, createdAt: row.created_at } : null;
}

/** When this subscriber was last sent (or queued) an alert, for the once-a-day cap. */
export async function lastAlertAt(db: Kysely<Database>, subscriptionId: number): Promise<Date | null> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.max('created_at').as('last'))
    .where('subscription_id', '=', subscriptionId)
    .where('period', 'like', `${ALERT_PERIOD_PREFIX}%`)
    .where('status', 'in', ['pending', 'sending', 'sent'])
    .executeTakeFirst();
  return row?.last ? new Date(row.last as unknown as string | Date) : null;
}
