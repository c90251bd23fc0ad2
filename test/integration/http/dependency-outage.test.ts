/**
 * While Postgres or Redis is down, /healthz answers 503 naming the dependency and /metrics keeps
 * answering (series of the missing dependency left out, seams_dependency_up 0). The "down"
 * dependencies are real clients pointed at a closed loopback port, not mocks.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/connection.js';
import { buildHttpServer } from '../../../services/http/http-server.js';
import { createMetrics } from '../../../services/http/metrics.js';
import { closeQueues, createQueues, type SeamsQueues } from '../../../workers/queues.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connectRedis, deletePrefix, randomPrefix, silentLogger } from '../workers/worker-test-kit.js';

const METRICS_TOKEN = 'outage-metrics-token-0123';

const CLOSED_PORT = 1;

describe('dependency outages seen by the server', () => {
  let database: TestDatabase;
  let deadDatabase: DatabaseHandle;
  let redis: Redis;
  let deadRedis: Redis;
  let prefix: string;
  let queues: SeamsQueues;
  let deadQueues: SeamsQueues;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    deadDatabase = openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${CLOSED_PORT}/none`, poolSize: 1 });
    redis = connectRedis();
    await redis.ping();
    deadRedis = new Redis({ host: '127.0.0.1', port: CLOSED_PORT, maxRetriesPerRequest: null, lazyConnect: true });
    // The refused connects are the point of the test, not news.
    deadRedis.on('error', () => undefined);
    prefix = randomPrefix();
    queues = createQueues({ connection: redis, prefix });
    deadQueues = createQueues({ connection: deadRedis, prefix });
    for (const queue of Object.values(deadQueues)) queue.on('error', () => undefined);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await closeQueues(queues);
    await deletePrefix(redis, prefix);
    await redis.quit();
    deadRedis.disconnect();
    await deadDatabase.close();
    await database.drop();
  });

  async function server(options: { databaseDown: boolean; redisDown: boolean }): Promise<FastifyInstance> {
    const db = options.databaseDown ? deadDatabase.db : database.db;
    const connection = options.redisDown ? deadRedis : redis;
    const app = await buildHttpServer({
      logger: silentLogger,
      health: { db, redis: connection, timeoutMs: 2_000 },
      metrics: createMetrics({ queues: options.redisDown ? deadQueues : queues, db, redisReady: () => connection.status === 'ready' }),
      metricsToken: METRICS_TOKEN,
      dashboard: async (instance) => {
        instance.get('/dashboard/probe', async () => (await sql<{ one: number }>`select 1 as one`.execute(db)).rows);
      },
    });
    apps.push(app);
    return app;
  }

  it('Postgres down: /healthz is 503 naming the database, /metrics answers with database 0', async () => {
    const app = await server({ databaseDown: true, redisDown: false });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable', unavailable: ['database'], checks: { database: { ok: false, error: 'unreachable (ECONNREFUSED)' }, redis: { ok: true } } });
    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('seams_dependency_up{dependency="database"} 0');
    expect(metrics.body).toContain('seams_dependency_up{dependency="redis"} 1');
    expect(metrics.body).toContain('seams_queue_jobs{queue="sync",state="waiting"} 0');
    const page = await app.inject({ method: 'GET', url: '/dashboard/probe' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('30');
    expect(page.body).not.toContain('127.0.0.1');
  });

  it('Redis down: /healthz is 503 naming Redis at once, /metrics answers with redis 0', async () => {
    const app = await server({ databaseDown: false, redisDown: true });
    const started = Date.now();
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ unavailable: ['redis'], checks: { database: { ok: true }, redis: { ok: false } } });
    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('seams_dependency_up{dependency="redis"} 0');
    expect(metrics.body).toContain('seams_dependency_up{dependency="database"} 1');
    expect(metrics.body).not.toContain('seams_queue_jobs{');
  });
});
