/**
 * Scale-out on BullMQ: the same workload (3 sources × 20 syncs, 4 programs × 5 rebuilds, a weekly
 * report with 3 emails per program) on 1 worker process, then on 3 sharing one Redis and one
 * Postgres. Targets: everything exactly once, every worker takes a share, 3 workers finish faster.
 * Each sync, rebuild and send waits 100 ms in place of tracker, rendering and SMTP latency, so the
 * figures measure how the queues spread work, not CPU (this machine has 2 cores).
 */
import { createScratchDatabase, round, verdict } from './bench-helpers.js';
import { runScaleOut, type ScaleOutResult } from './scale-out-kit.js';

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const POOL_SIZE = 4;

async function runWith(workers: number): Promise<ScaleOutResult> {
  const scratch = await createScratchDatabase(ADMIN_URL);
  try {
    return await runScaleOut({
      workers,
      databaseUrl: scratch.url,
      redisUrl: REDIS_URL,
      syncsPerSource: 20,
      rebuildsPerProgram: 5,
      workMs: 100,
      poolSize: POOL_SIZE,
    });
  } finally {
    await scratch.drop();
  }
}

export default async function run(): Promise<Record<string, number | string>> {
  const single = await runWith(1);
  const three = await runWith(3);
  const jobs = (r: ScaleOutResult): number => r.done.sync + r.done.rebuild + r.done.email;
  const metrics: Record<string, number | string> = {
    workload: `${three.expected.sync} syncs, ${three.expected.rebuild} rebuilds, ${three.expected.email} emails`,
    oneWorkerSeconds: round(single.wallMs / 1000, 2),
    threeWorkersSeconds: round(three.wallMs / 1000, 2),
    speedup: round(single.wallMs / three.wallMs, 2),
    postgresConnections: `${POOL_SIZE} per worker × 3 = ${POOL_SIZE * 3}`,
  };
  for (const [worker, counts] of Object.entries(three.perWorker)) {
    metrics[`${worker} sync/rebuild/email`] = `${counts.sync}/${counts.rebuild}/${counts.email}`;
  }
  const shares = Object.values(three.perWorker).map((c) => c.sync + c.rebuild + c.email);
  metrics['target: exactly once (1 and 3 workers)'] = verdict(single.wrongCounts.length === 0 && three.wrongCounts.length === 0);
  if (three.wrongCounts.length > 0) metrics['wrong counts'] = three.wrongCounts.slice(0, 5).join('; ');
  metrics['target: every worker takes a share'] = verdict(shares.length === 3 && shares.every((n) => n > 0));
  metrics['target: 3 workers faster than 1'] = verdict(three.wallMs < single.wallMs && jobs(three) === jobs(single));
  return metrics;
}
