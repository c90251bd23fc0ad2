/**
 * What every command needs: validated config, a secret-scrubbing logger and, on demand, the
 * migrated database (PGlite under the data dir unless DATABASE_URL is set). The database modules
 * load only when a command opens one, so commands without a database never pay for PGlite or pg.
 */
import { join } from 'node:path';
import type { DatabaseHandle } from '../../db/connection.js';
import type { AppConfig, RuntimeSettings } from '../config/load-config.js';
import type { Secret } from '../config/secret.js';
import { createLogger, type Logger } from '../logging/logger.js';

export function allSecrets(config: Pick<AppConfig, 'runtime' | 'credentials'>): Secret[] {
  const r = config.runtime;
  return [
    ...config.credentials.values(),
    ...[r.smtpUrl, r.dashboardSecret, r.signingKey, r.metricsToken, r.linearWebhookSecret, r.jiraWebhookSecret].filter(
      (s): s is Secret => s !== undefined,
    ),
  ];
}

export function loggerFor(config: Pick<AppConfig, 'runtime' | 'credentials'>, base?: Record<string, unknown>): Logger {
  return createLogger({ level: config.runtime.logLevel, secrets: allSecrets(config), base });
}

export function databaseOptions(runtime: RuntimeSettings): { databaseUrl: string | undefined; dataDir: string; poolSize: number } {
  return { databaseUrl: runtime.databaseUrl, dataDir: join(runtime.dataDir, 'pgdata'), poolSize: runtime.databasePoolSize };
}

/** Opens and migrates the database, and registers the configured sources and programs. */
export async function openMigratedDatabase(config: AppConfig, logger: Logger): Promise<DatabaseHandle> {
  const [{ openDatabase, describeDatabase }, { migrateToLatest }, { registerConfig }] = await Promise.all([
    import('../../db/connection.js'),
    import('../../db/migrate.js'),
    import('../app/register-config.js'),
  ]);
  const options = databaseOptions(config.runtime);
  const handle = openDatabase({
    ...options,
    connectionEvents: {
      lost: ({ code }) => logger.warn({ code }, 'database connection lost; operations fail and retry until it is back'),
      restored: ({ downMs, failures }) => logger.info({ downMs, failures }, 'database connection restored'),
    },
  });
  try {
    const { applied } = await migrateToLatest(handle.db);
    logger.info({ database: describeDatabase(options), applied }, 'database ready');
    await registerConfig(handle.db, config.file);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
