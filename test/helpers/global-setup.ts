/**
 * Before any test: make sure the real PostgreSQL and Redis the integration tests use are
 * reachable, and say exactly what to install or start when they are not (never skip silently).
 * `npm run test:unit` needs neither and sets SEAMS_TEST_UNIT_ONLY.
 */
import { Redis } from 'ioredis';
import pg from 'pg';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function checkPostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (
      `PostgreSQL is not reachable at ${new URL(DATABASE_URL).host} (${(error as Error).message}). ` +
      'Install and start it (Debian: `apt-get install postgresql && pg_ctlcluster 15 main start`, trust auth for user postgres), ' +
      'or point DATABASE_URL at one.'
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(): Promise<string | null> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The failure is reported below; the client's own error event would only repeat it.
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return (
      `Redis is not reachable at ${REDIS_URL} (${(error as Error).message}). ` +
      'Install and start Redis 7 (Debian: `apt-get install redis-server && redis-server --daemonize yes`), or point REDIS_URL at one.'
    );
  } finally {
    redis.disconnect();
  }
}

export default async function setup(): Promise<void> {
  if (process.env.SEAMS_TEST_UNIT_ONLY) return;
  const problems = (await Promise.all([checkPostgres(), checkRedis()])).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new Error(`Integration tests cannot run:\n- ${problems.join('\n- ')}`);
}
