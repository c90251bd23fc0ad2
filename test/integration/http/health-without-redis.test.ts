import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../services/http/http-server.js';
import { createLogger } from '../../../services/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

describe('/healthz without Redis (demo, one-shot commands)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.drop());

  it('says Redis is not configured instead of reporting it OK', async () => {
    const app = await buildHttpServer({ logger: createLogger({ level: 'silent' }), health: { db: database.db } });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks.redis).toEqual({ ok: true, configured: false });
    expect(res.json().checks.database.ok).toBe(true);
    await app.close();
  });
});
