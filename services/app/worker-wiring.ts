/**
 * The application side of `seams worker`: the mail transport, the subscription service and the
 * delivery service, built from the config and the application's port (AppServices). workers/
 * runs queues and processors around them; the wiring of services lives here, beside the server's
 * (http-app.ts), so every import points down.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { ConfigError } from '../config/config-error.js';
import type { AppConfig } from '../config/load-config.js';
import { createDeliveryService, type DeliveryService, type UnknownOutcomePolicy } from '../delivery/delivery-service.js';
import { createSmtpTransport } from '../delivery/mail-transport.js';
import { mailboxAddress } from '../delivery/mime-message.js';
import { createSubscriptionService, type SubscriptionService } from '../delivery/subscription-service.js';
import type { MailTransport } from '../delivery/tracked-send.js';
import type { AppServices } from './app-services.js';

export interface WorkerWiringDeps {
  readonly config: Pick<AppConfig, 'runtime'>;
  readonly db: Kysely<Database>;
  readonly services: Pick<AppServices, 'renderProgramEmail' | 'renderAlertEmail'>;
  /** Defaults to nodemailer over SMTP_URL. */
  readonly transport?: (MailTransport & { close?(): void }) | undefined;
  readonly deliveryLeaseMs: number;
  readonly unknownOutcome: UnknownOutcomePolicy;
}

export interface WorkerWiring {
  readonly transport: MailTransport & { close?(): void };
  readonly subscriptions: SubscriptionService;
  readonly delivery: DeliveryService;
}

/** Throws `ConfigError` naming the missing setting (signing key, SMTP URL) before anything starts. */
export function wireWorkerServices(deps: WorkerWiringDeps): WorkerWiring {
  const { config, db, services } = deps;
  const signingKey = config.runtime.signingKey;
  if (!signingKey) {
    throw new ConfigError('environment', [{ path: 'SEAMS_SIGNING_KEY', message: 'required to sign unsubscribe links' }]);
  }
  const transport = deps.transport ?? smtpTransport(config);
  const subscriptions = createSubscriptionService({ db, signingKey: signingKey.reveal() });
  const delivery = createDeliveryService({
    db,
    transport,
    render: services.renderProgramEmail.bind(services),
    renderAlert: services.renderAlertEmail?.bind(services),
    publicUrl: config.runtime.publicUrl,
    signingKey: signingKey.reveal(),
    mailFrom: config.runtime.mailFrom,
    unsubscribeMailbox: mailboxAddress(config.runtime.mailFrom),
    leaseMs: deps.deliveryLeaseMs,
    unknownOutcome: deps.unknownOutcome,
  });
  return { transport, subscriptions, delivery };
}

function smtpTransport(config: WorkerWiringDeps['config']): MailTransport & { close(): void } {
  const url = config.runtime.smtpUrl;
  if (!url) throw new ConfigError('environment', [{ path: 'SMTP_URL', message: 'required by the worker to send reports' }]);
  return createSmtpTransport(url);
}
