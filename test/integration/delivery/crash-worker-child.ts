/**
 * A worker process for the crash tests, run with `npx tsx`. It prints its own pid (the process
 * to SIGKILL: npx and tsx are wrappers around it) and "ready"; with CHILD_MODE=block-sync every
 * sync hangs after printing "sync-started", so the test can kill it mid-job.
 */
import nodemailer from 'nodemailer';
import { openDatabase } from '../../../db/connection.js';
import { installGracefulShutdown } from '../../../workers/graceful-shutdown.js';
import { startWorker } from '../../../workers/worker-main.js';
import { connectRedis, fakeServices, silentLogger, testConfig } from '../workers/worker-test-kit.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const database = openDatabase({ databaseUrl: env('CHILD_DATABASE_URL'), poolSize: 2 });
const redis = connectRedis();
const services = fakeServices(env('CHILD_PERIOD'));
if (process.env.CHILD_MODE === 'block-sync') {
  services.syncSource = async (sourceName) => {
    process.stdout.write(`sync-started ${sourceName}\n`);
    return new Promise(() => undefined);
  };
}
const smtpUrl = env('CHILD_SMTP_URL');
const worker = await startWorker({
  config: testConfig({ SMTP_URL: smtpUrl }),
  services,
  db: database.db,
  connection: redis,
  logger: silentLogger,
  prefix: env('CHILD_PREFIX'),
  transport: nodemailer.createTransport({ url: smtpUrl, socketTimeout: 5_000 }),
  tuning: {
    manageSchedules: false,
    lockDurationMs: 1_500,
    stalledIntervalMs: 500,
    sourceLockTtlMs: 1_500,
    busyRetryMs: 200,
    deliveryLeaseMs: 2_000,
    jobOptions: {
      sync: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
      deliver: { attempts: 20, backoff: { type: 'fixed', delay: 300 } },
    },
  },
});
installGracefulShutdown(
  [
    { name: 'worker', close: () => worker.close() },
    { name: 'redis', close: () => redis.quit() },
    { name: 'database', close: () => database.close() },
  ],
  silentLogger,
);
process.stdout.write(`pid ${process.pid}\nready\n`);
