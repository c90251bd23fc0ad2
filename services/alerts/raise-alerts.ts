/**
 * After a rebuild: for each subscriber who asked for alerts, decide from the change since the
 * last rebuild whether to write an alert into the outbox (period `alert:<event id>`), so the
 * send is exactly once like a weekly email.
 */
import type { Kysely } from 'kysely';
import { ALERT_PERIOD_PREFIX, createAlertEvent, lastAlertAt } from '../../db/alert-events.js';
import type { Database } from '../../db/database-types.js';
import { createPendingDeliveries } from '../../db/deliveries.js';
import { listActiveSubscriptions } from '../../db/subscriptions.js';
import { deliveryMessageId } from '../delivery/mime-message.js';
import type { Attribution } from '../whatif/attribution.js';
import { z } from 'zod';
import { attributionSchema } from '../whatif/attribution-schema.js';
import { alertAllowed, alertPrefsSchema, alertReasons, type RebuildChange } from './alert-rules.js';

export interface AlertEventPayload {
  readonly program: string;
  readonly change: RebuildChange;
  readonly attribution: Attribution | null;
  /** Reasons per subscription id. */
  readonly reasons: Readonly<Record<string, readonly string[]>>;
}

const move = { from: z.string().nullable(), to: z.string().nullable() };

/** Stored payloads are read back through this schema (jsonb written by possibly another version). */
export const alertEventPayloadSchema: z.ZodType<AlertEventPayload> = z.object({
  program: z.string(),
  change: z.object({
    colour: z.object({ from: z.string().nullable(), to: z.string() }),
    confidence: z.object({ from: z.number().nullable(), to: z.number().nullable() }),
    p85: z.object({ ...move, movedDays: z.number().nullable() }),
  }),
  attribution: attributionSchema.nullable(),
  reasons: z.record(z.string(), z.array(z.string())),
});

export interface RaisedAlert {
  readonly subscriptionId: number;
  readonly period: string;
}

export async function raiseAlerts(
  db: Kysely<Database>,
  input: {
    readonly programId: number;
    readonly programName: string;
    readonly change: RebuildChange;
    readonly attribution: Attribution | null;
    readonly now: Date;
    readonly messageIdHost: string;
  },
): Promise<RaisedAlert[]> {
  const subscriptions = await listActiveSubscriptions(db, input.programName);
  const reasons: Record<string, string[]> = {};
  for (const subscription of subscriptions) {
    const prefs = alertPrefsSchema.safeParse(subscription.alerts ?? null);
    if (!prefs.success || subscription.alerts === null) continue;
    const found = alertReasons(prefs.data, input.change);
    if (found.length === 0 || !alertAllowed(await lastAlertAt(db, subscription.id), input.now, input.change)) continue;
    reasons[subscription.id] = found;
  }
  const ids = Object.keys(reasons).map(Number);
  if (ids.length === 0) return [];
  const payload: AlertEventPayload = { program: input.programName, change: input.change, attribution: input.attribution, reasons };
  const eventId = await createAlertEvent(db, input.programId, payload);
  const period = `${ALERT_PERIOD_PREFIX}${eventId}`;
  await createPendingDeliveries(
    db,
    ids.map((id) => ({ subscriptionId: id, period, messageId: deliveryMessageId(id, period, input.messageIdHost) })),
  );
  return ids.map((subscriptionId) => ({ subscriptionId, period }));
}
