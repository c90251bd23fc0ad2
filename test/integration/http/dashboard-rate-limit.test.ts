/**
 * Rate limits on sign-in and the JSON API (@fastify/rate-limit), counted in Redis so that two
 * servers behind one address share the count.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../services/config/secret.js';
import { dashboardRoutes } from '../../../services/http/dashboard-routes.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SECRET = 'rate-limit-shared-secret';

describe('dashboard rate limits shared through Redis', () => {
  const prefix = `seams-test-rate-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let servers: FastifyInstance[];

  const build = async (): Promise<FastifyInstance> => {
    const app = Fastify();
    await app.register(dashboardRoutes, {
      loadProgramList: async () => [],
      loadReportInputs: async () => null,
      auth: { sharedSecret: new Secret(SECRET), signingKey: new Secret('rate-limit-signing-key-0123456789') },
      publicUrl: 'http://127.0.0.1',
      revocations: { revoke: async () => true, isRevoked: async () => false },
      rateLimits: { signInPerMinute: 3, apiPerMinute: 5, redis: { connection: redis, prefix } },
    });
    return app;
  };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    servers = [await build(), await build()];
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('answers 429 once one address has used its sign-in requests, whichever server it reaches', async () => {
    const signIn = (server: FastifyInstance) =>
      server.inject({ method: 'POST', url: '/login', remoteAddress: '192.0.2.10', headers: { 'content-type': 'application/json' }, payload: { secret: SECRET, name: 'Dana' } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signIn(servers[i % 2]!)).statusCode);
    expect(statuses).toEqual([303, 303, 303, 429]);
    const refused = await signIn(servers[1]!);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.headers['set-cookie']).toBeUndefined();
    // Another address is not affected.
    const other = await servers[0]!.inject({ method: 'POST', url: '/login', remoteAddress: '192.0.2.11', headers: { 'content-type': 'application/json' }, payload: { secret: SECRET, name: 'Dana' } });
    expect(other.statusCode).toBe(303);
  });

  it('limits JSON API calls per address and leaves pages alone', async () => {
    const call = (server: FastifyInstance) =>
      server.inject({ url: '/api/programs', remoteAddress: '192.0.2.20', headers: { authorization: `Bearer ${SECRET}` } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(servers[i % 2]!)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await call(servers[0]!)).body).toContain('too many requests; try again in');
    for (let i = 0; i < 8; i++) {
      const page = await servers[i % 2]!.inject({ url: '/', remoteAddress: '192.0.2.20', headers: { authorization: `Bearer ${SECRET}` } });
      expect(page.statusCode).toBe(200);
    }
  });
});
