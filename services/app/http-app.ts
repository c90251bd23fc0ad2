/**
 * The `seams server` HTTP app: dashboard, webhooks, subscriptions/unsubscribe, health and
 * metrics, wired to the database and (when configured) Redis queues. The demo uses the same
 * function without Redis: only the dashboard and health are mounted then.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { dashboardRevocations } from '../../db/dashboard-revocations.js';
import type { Database } from '../../db/database-types.js';
import { enqueueTargetedSync, type SeamsQueues } from '../../workers/queues.js';
import { createWebhookKeyStore } from '../../workers/webhook-keys.js';
import type { AppConfig } from '../config/load-config.js';
import { allowedSubscriptionDomains } from '../config/config-schema.js';
import { confirmationEmail } from '../delivery/confirmation-email.js';
import { createLoginLinkMailer } from '../delivery/login-link-mail.js';
import { createSmtpTransport } from '../delivery/mail-transport.js';
import { createSubscriptionService } from '../delivery/subscription-service.js';
import type { MailTransport } from '../delivery/tracked-send.js';
import { createPeopleDirectory } from '../people/people.js';
import { createRegisterService } from '../register/register-service.js';
import { dashboardRoutes } from '../http/dashboard-routes.js';
import { createWhatIfService, databaseWhatIfGraphs } from '../whatif/whatif-service.js';
import { buildHttpServer } from '../http/http-server.js';
import { createMetrics, type SeamsMetrics } from '../http/metrics.js';
import { createRedisReplayGuard } from '../http/replay-guard.js';
import type { Logger } from '../logging/logger.js';
import { createDashboardData } from './dashboard-data.js';

export interface HttpAppDeps {
  readonly config: Pick<AppConfig, 'file' | 'runtime'>;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** With Redis: webhooks enqueue targeted syncs, health checks Redis, metrics read queues. */
  readonly redis?: { readonly connection: Redis; readonly queues: SeamsQueues; readonly prefix: string };
  /** Sends sign-in links and subscription confirmations; by default SMTP_URL's server (neither without it). */
  readonly mailTransport?: MailTransport;
}

export interface HttpApp {
  readonly app: FastifyInstance;
  readonly metrics: SeamsMetrics | undefined;
}

/** Webhooks add their keys to the source's pending set; one coalesced sync job per source. */
function webhookSyncEnqueuer(redis: NonNullable<HttpAppDeps['redis']>) {
  const target = { queues: redis.queues, keys: createWebhookKeyStore(redis.connection, redis.prefix) };
  return async (source: string, keys: readonly string[]): Promise<void> => {
    await enqueueTargetedSync(target, source, keys);
  };
}

export async function buildHttpApp(deps: HttpAppDeps): Promise<HttpApp> {
  const { config, db, logger, redis } = deps;
  const runtime = config.runtime;
  const data = createDashboardData({ db, programs: config.file.programs, publicUrl: runtime.publicUrl });
  const metrics = redis
    ? createMetrics({ queues: redis.queues, db, redisReady: () => redis.connection.status === 'ready' })
    : undefined;
  const signingKey = runtime.signingKey?.reveal();
  const metricsToken = (runtime.metricsToken ?? runtime.dashboardSecret)?.reveal();
  const mail = deps.mailTransport ?? (runtime.smtpUrl ? createSmtpTransport(runtime.smtpUrl) : undefined);
  const { people, access, subscriptions } = config.file;
  const directory = createPeopleDirectory({ people, access, subscriberEmails: subscriptions.map((s) => s.email) });
  const loginLinks = mail
    ? { ttlMinutes: access.loginLinkMinutes, send: createLoginLinkMailer({ transport: mail, from: runtime.mailFrom, ttlMinutes: access.loginLinkMinutes }) }
    : undefined;
  const app = await buildHttpServer({
    logger,
    health: { db, redis: redis?.connection },
    metrics,
    metricsToken,
    ...(redis
      ? {
          webhooks: {
            sources: config.file.sources.map((s) => ({ name: s.name, kind: s.kind })),
            linearSecret: runtime.linearWebhookSecret?.reveal(),
            jiraSecret: runtime.jiraWebhookSecret?.reveal(),
            enqueueSync: webhookSyncEnqueuer(redis),
            replayGuard: createRedisReplayGuard(redis.connection, redis.prefix),
            now: Date.now,
          },
        }
      : {}),
    ...(signingKey
      ? {
          subscriptions: {
            subscriptions: createSubscriptionService({ db, signingKey }),
            dashboardSecret: runtime.dashboardSecret?.reveal(),
            allowedDomains: allowedSubscriptionDomains(config.file),
            publicUrl: runtime.publicUrl,
            ...(mail ? { sendConfirmation: (request) => mail.sendMail(confirmationEmail({ ...request, from: runtime.mailFrom })).then(() => undefined) } : {}),
          },
        }
      : {}),
    dashboard: async (instance) => {
      await instance.register(dashboardRoutes, {
        loadProgramList: data.loadProgramList,
        loadReportInputs: data.loadReportInputs,
        auth: {
          sharedSecret: runtime.dashboardSecret,
          signingKey: runtime.signingKey,
        },
        publicUrl: runtime.publicUrl,
        revocations: dashboardRevocations(db),
        people: directory,
        admin: { people, subscriberEmails: subscriptions.map((s) => s.email), sharedSecretRole: access.sharedSecretRole },
        archive: { listWeeks: data.listWeeks, loadPastReportInputs: data.loadPastReportInputs },
        register: createRegisterService({ db, programs: config.file.programs }),
        whatIf: createWhatIfService(databaseWhatIfGraphs({ db, file: config.file })),
        loginLinks,
        ...(redis ? { queueBoard: { queues: Object.values(redis.queues) } } : {}),
        // Several servers behind one address share one count through Redis.
        ...(redis ? { rateLimits: { redis: { connection: redis.connection, prefix: redis.prefix } } } : {}),
      });
    },
  });
  return { app, metrics };
}
