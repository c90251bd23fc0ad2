/** `seams worker` and `seams server`: the long-running service, with Redis and Postgres. */
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { ConfigError } from '../config/config-error.js';
import { loadConfig, type AppConfig } from '../config/load-config.js';
import { loggerFor, openMigratedDatabase } from './cli-context.js';

/** Redis key prefix of every queue; SEAMS_QUEUE_PREFIX isolates deployments sharing one Redis (and test runs). */
const PREFIX = process.env.SEAMS_QUEUE_PREFIX?.trim() || 'seams';

function requireRedis(config: AppConfig, command: string): string {
  if (!config.runtime.redisUrl) {
    throw new ConfigError('environment', [{ path: 'REDIS_URL', message: `required by \`seams ${command}\` (e.g. redis://127.0.0.1:6379)` }]);
  }
  return config.runtime.redisUrl;
}

async function redisConnection(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  // BullMQ's blocking reads need maxRetriesPerRequest: null.
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

export function registerServiceCommands(program: Command): void {
  program
    .command('worker')
    .description('run the BullMQ workers and schedules: syncs, rebuilds, reports, email delivery (needs REDIS_URL)')
    .action(async () => {
      const [{ installGracefulShutdown }, { startWorker }, { createSeamsServices }] = await Promise.all([
        import('../../workers/graceful-shutdown.js'),
        import('../../workers/worker-main.js'),
        import('../app/seams-services.js'),
      ]);
      const config = loadConfig();
      const redisUrl = requireRedis(config, 'worker');
      const logger = loggerFor(config, { role: 'worker' });
      const database = await openMigratedDatabase(config, logger);
      const connection = await redisConnection(redisUrl);
      const services = createSeamsServices({ db: database.db, config, logger });
      const worker = await startWorker({ config, services, db: database.db, connection, logger, prefix: PREFIX });
      logger.info({ sources: config.file.sources.length, programs: config.file.programs.length }, 'worker started');
      installGracefulShutdown(
        [
          { name: 'worker', close: () => worker.close() },
          { name: 'redis', close: () => connection.quit() },
          { name: 'database', close: () => database.close() },
        ],
        logger,
      );
    });

  program
    .command('server')
    .description('serve the dashboard, webhooks, unsubscribe, /healthz and /metrics')
    .action(async () => {
      const config = loadConfig();
      if (!config.runtime.dashboardSecret && !config.runtime.signingKey) {
        throw new ConfigError('environment', [
          { path: 'SEAMS_DASHBOARD_SECRET', message: 'set it (or SEAMS_SIGNING_KEY for login links): the dashboard never runs unauthenticated' },
        ]);
      }
      const [{ installGracefulShutdown }, { createQueues, closeQueues }, { watchRedisOutages }, { buildHttpApp }, { watchJobDurations }] =
        await Promise.all([
          import('../../workers/graceful-shutdown.js'),
          import('../../workers/queues.js'),
          import('../../workers/redis-outages.js'),
          import('../app/http-app.js'),
          import('../http/metrics.js'),
        ]);
      const logger = loggerFor(config, { role: 'server' });
      const database = await openMigratedDatabase(config, logger);
      const redisUrl = config.runtime.redisUrl;
      const connection = redisUrl ? await redisConnection(redisUrl) : undefined;
      const queues = connection ? createQueues({ connection, prefix: PREFIX }) : undefined;
      const outages = connection ? watchRedisOutages(connection, logger) : undefined;
      const onRedisError = (error: Error): void => {
        if (!outages?.absorb(error)) logger.error({ err: error.message }, 'redis client error');
      };
      for (const queue of Object.values(queues ?? {})) queue.on('error', onRedisError);
      const { app, metrics } = await buildHttpApp({
        config,
        db: database.db,
        logger,
        ...(connection && queues ? { redis: { connection, queues, prefix: PREFIX } } : {}),
      });
      const stopWatching = metrics && queues && connection ? await watchJobDurations(metrics, queues, { connection, prefix: PREFIX, onError: onRedisError }) : undefined;
      await app.listen({ host: config.runtime.host, port: config.runtime.port });
      logger.info({ url: config.runtime.publicUrl, redis: Boolean(connection) }, 'server listening');
      installGracefulShutdown(
        [
          { name: 'http', close: () => app.close() },
          ...(queues ? [{ name: 'queues', close: () => closeQueues(queues) }] : []),
          ...(stopWatching ? [{ name: 'metrics', close: stopWatching }] : []),
          ...(connection ? [{ name: 'redis', close: () => connection.quit() }] : []),
          { name: 'database', close: () => database.close() },
        ],
        logger,
      );
    });
}
