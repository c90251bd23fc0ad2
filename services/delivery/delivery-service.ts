/**
 * Sends one program email to one subscriber for one period, at most once per (subscription,
 * period) row of the outbox.
 *
 * Protocol: the row exists (pending) before any send; a single UPDATE claims it (`sending`,
 * attempts + 1, lease = updated_at) and commits before SMTP starts; the SMTP 250 is followed by
 * `sent`. A crash between the server's 250 and our `sent` leaves a `sending` row whose outcome
 * nobody knows: plain SMTP offers no way to ask a server whether it accepted a Message-ID.
 *
 * The trade-off, chosen per deployment with `unknownOutcome`:
 * - `at-most-once` (default): an expired `sending` row is marked failed ("outcome unknown") and is
 *   never resent. Nobody gets a duplicate; a crash inside the SMTP transaction may lose one email,
 *   and the row says so for an operator to check the mail log by Message-ID.
 * - `at-least-once`: the row goes back to pending and is resent with the SAME Message-ID, which
 *   many mail stores and clients collapse; nobody misses a week, some may see it twice.
 * SMTP failures with a server reply, or before DATA, prove the message was not accepted and are
 * retried under either policy; only the crash window is ambiguous.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { claimDelivery, ensureDelivery, finishSending, getDelivery, resolveExpiredSending, skipPending } from '../../db/deliveries.js';
import { ALERT_PERIOD_PREFIX } from '../../db/alert-events.js';
import { getSubscription } from '../../db/subscriptions.js';
import type { AppServices } from '../app/app-services.js';
import { buildMimeMessage, deliveryMessageId } from './mime-message.js';
import { classifySmtpFailure } from './smtp-outcome.js';
import { SendFailure, sendTracked, type MailTransport } from './tracked-send.js';
import { signUnsubscribeToken } from './unsubscribe-token.js';

export type UnknownOutcomePolicy = 'at-most-once' | 'at-least-once';

export type DeliveryOutcome =
  | 'sent'
  | 'already-sent'
  | 'skipped'
  | 'failed'
  /** Another attempt holds a live lease on the row; ask again later. */
  | 'in-flight'
  /** An expired `sending` row was closed as failed under the at-most-once policy. */
  | 'unknown-outcome';

export type { MailTransport } from './tracked-send.js';

/** The server refused the message for good (5xx): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
  constructor(readonly subscriptionId: number, readonly period: string, message: string) {
    super(message);
  }
}

/** A send that may be retried: the server did not accept, or we cannot tell yet. */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';
  constructor(readonly subscriptionId: number, readonly period: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface DeliveryServiceDeps {
  readonly db: Kysely<Database>;
  readonly transport: MailTransport;
  readonly render: AppServices['renderProgramEmail'];
  /** Alert emails (periods `alert:<id>`); without it they are skipped. */
  readonly renderAlert?: AppServices['renderAlertEmail'];
  readonly publicUrl: string;
  readonly signingKey: string;
  readonly mailFrom: string;
  readonly unsubscribeMailbox: string;
  /** Longer than the transport's worst-case send (its socket timeouts); a live sender never outlasts it. */
  readonly leaseMs: number;
  readonly unknownOutcome: UnknownOutcomePolicy;
}

export interface DeliveryService {
  deliver(subscriptionId: number, period: string): Promise<DeliveryOutcome>;
  unsubscribeUrl(subscriptionId: number): string;
}

export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const host = new URL(deps.publicUrl).hostname;
  const unsubscribeUrl = (subscriptionId: number): string =>
    `${deps.publicUrl}/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken(subscriptionId, deps.signingKey))}`;

  async function deliver(subscriptionId: number, period: string): Promise<DeliveryOutcome> {
    const subscription = await getSubscription(deps.db, subscriptionId);
    if (!subscription) return 'skipped';
    const messageId = deliveryMessageId(subscriptionId, period, host);
    let row = await ensureDelivery(deps.db, { subscriptionId, period, messageId });

    if (row.status === 'sending') {
      const resolved = await resolveExpiredSending(
        deps.db,
        row.id,
        deps.leaseMs,
        deps.unknownOutcome === 'at-least-once' ? 'pending' : 'failed',
        deps.unknownOutcome === 'at-least-once'
          ? `outcome unknown: attempt ${row.attempts} stopped during the SMTP transaction; resending with the same Message-ID`
          : `outcome unknown: attempt ${row.attempts} stopped during the SMTP transaction; not resent to avoid a duplicate (look for Message-ID ${row.message_id} in the mail server log)`,
      );
      if (!resolved) return 'in-flight';
      if (deps.unknownOutcome === 'at-most-once') return 'unknown-outcome';
      row = { ...row, status: 'pending' };
    }
    if (row.status === 'sent') return 'already-sent';
    if (row.status === 'skipped' || row.status === 'failed') return row.status;

    if (!subscription.active) {
      await skipPending(deps.db, row.id, 'unsubscribed');
      return 'skipped';
    }
    const url = unsubscribeUrl(subscriptionId);
    const alertEvent = period.startsWith(ALERT_PERIOD_PREFIX) ? Number(period.slice(ALERT_PERIOD_PREFIX.length)) : null;
    const email =
      alertEvent === null
        ? await deps.render(subscription.program_name, subscription.audience, { email: subscription.email, unsubscribeUrl: url, team: subscription.team })
        : ((await deps.renderAlert?.(alertEvent, { subscriptionId, email: subscription.email, unsubscribeUrl: url })) ?? null);
    if (email === null) {
      await skipPending(deps.db, row.id, 'nothing to report for this period');
      return 'skipped';
    }
    const claimed = await claimDelivery(deps.db, row.id);
    if (!claimed) {
      const current = await getDelivery(deps.db, subscriptionId, period);
      return current?.status === 'sent' ? 'already-sent' : 'in-flight';
    }

    const message = buildMimeMessage({
      from: deps.mailFrom,
      to: subscription.email,
      messageId: claimed.message_id,
      email,
      unsubscribeUrl: url,
      unsubscribeMailbox: deps.unsubscribeMailbox,
    });
    try {
      await sendTracked(deps.transport, message);
    } catch (error) {
      const failure =
        error instanceof SendFailure ? classifySmtpFailure(error.smtpError, error.messageFullyStreamed) : ({ kind: 'ambiguous' } as const);
      const reason = error instanceof Error ? error.message : String(error);
      if (failure.kind === 'ambiguous') {
        // Leave the row `sending`: its lease decides, under the policy, once it expires.
        throw new RetryableDeliveryError(subscriptionId, period, `SMTP outcome unknown: ${reason}`, { cause: error });
      }
      if (failure.permanent) {
        await finishSending(deps.db, claimed.id, 'failed', reason);
        throw new PermanentDeliveryError(subscriptionId, period, `SMTP rejected the message: ${reason}`);
      }
      await finishSending(deps.db, claimed.id, 'pending', reason);
      throw new RetryableDeliveryError(subscriptionId, period, `SMTP did not accept the message: ${reason}`, { cause: error });
    }
    await finishSending(deps.db, claimed.id, 'sent', null);
    return 'sent';
  }

  return { deliver, unsubscribeUrl };
}
