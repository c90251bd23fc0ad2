import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScaleOut } from '../../../bench/scale-out-kit.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { REDIS_URL } from './worker-test-kit.js';

describe('three worker processes on one Redis and one Postgres', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('do every sync, rebuild and email exactly once between them, and each takes a share', async () => {
    if (database.url === undefined) throw new Error('a Postgres test database has a URL');
    const result = await runScaleOut({
      workers: 3,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      syncsPerSource: 8,
      rebuildsPerProgram: 3,
      workMs: 40,
      poolSize: 3,
      timeoutMs: 90_000,
    });
    expect(result.wrongCounts).toEqual([]);
    expect(result.done).toEqual({ sync: 24, rebuild: 16, email: 12 });
    expect(Object.keys(result.perWorker).sort()).toEqual(['w1', 'w2', 'w3']);
    for (const counts of Object.values(result.perWorker)) expect(counts.sync + counts.rebuild + counts.email).toBeGreaterThan(0);
  }, 180_000);
});
