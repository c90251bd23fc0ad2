/**
 * The fastify app factory. Every route group takes only the dependencies it needs; groups whose
 * dependencies are absent are not mounted (a server without SMTP has no unsubscribe page). One
 * error handler (http-errors.ts) chooses status codes for the whole app. Requests are logged
 * without query strings, which can carry webhook secrets and unsubscribe tokens.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger.js';
import { constantTimeEqual } from './dashboard-auth.js';
import { checkHealth, type HealthDeps } from './health.js';
import { handleHttpError, HttpError } from './http-errors.js';
import type { SeamsMetrics } from './metrics.js';
import { subscriptionRoutes, type SubscriptionRoutesDeps } from './subscription-routes.js';
import { webhookRoutes, type WebhookRoutesDeps } from './webhook-routes.js';

export interface HttpServerDeps {
  readonly logger: Logger;
  readonly health: HealthDeps;
  readonly metrics?: SeamsMetrics;
  /**
   * Bearer token Prometheus must present on /metrics (queue names, sources and sync lag are not
   * public). Without one, /metrics refuses every request.
   */
  readonly metricsToken?: string;
  readonly webhooks?: WebhookRoutesDeps;
  readonly subscriptions?: SubscriptionRoutesDeps;
  /** Mounts the dashboard, e.g. `(app) => app.register(dashboardRoutes, options)`. */
  readonly dashboard?: (app: FastifyInstance) => Promise<unknown>;
  readonly bodyLimit?: number;
}

export async function buildHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  // Our pino 10 Logger type and fastify's bundled FastifyBaseLogger differ only nominally; the
  // instance is used as a plain FastifyInstance everywhere.
  const app = Fastify({
    loggerInstance: deps.logger,
    // Our onResponse hook logs each request without its query string (secrets can ride in it).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
  }) as unknown as FastifyInstance;

  app.setErrorHandler(handleHttpError);
  app.setNotFoundHandler((request) => {
    throw new HttpError(404, `no route for ${request.method} ${request.url.split('?')[0]}`);
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.get('/healthz', async (_request, reply) => {
    const report = await checkHealth(deps.health);
    return reply
      .status(report.ok ? 200 : 503)
      .send({ status: report.ok ? 'ok' : 'unavailable', unavailable: report.unavailable, checks: report.checks });
  });

  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (request, reply) => {
      const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (deps.metricsToken === undefined || bearer === undefined || !constantTimeEqual(bearer, deps.metricsToken)) {
        reply.header('www-authenticate', 'Bearer realm="seams-metrics"');
        throw new HttpError(401, 'metrics need Authorization: Bearer <SEAMS_METRICS_TOKEN>');
      }
      const body = await metrics.scrape();
      return reply.type(metrics.registry.contentType).send(body);
    });
  }
  if (deps.webhooks) await app.register(webhookRoutes(deps.webhooks));
  if (deps.subscriptions) await app.register(subscriptionRoutes(deps.subscriptions));
  if (deps.dashboard) await deps.dashboard(app);
  return app;
}
