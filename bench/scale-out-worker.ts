/**
 * One worker process of the scale-out harness (bench/scale-out-kit.ts): the real `startWorker`
 * (BullMQ queues, per-source locks, outbox, delivery service) on the shared Redis prefix and
 * Postgres database, with business services that stand in for tracker and rendering work by
 * waiting a fixed time. Every sync, rebuild and email sent is one JSON line on stdout, tagged with
 * this worker's id, so the parent can check that each happened exactly once and who did it.
 * It stops when its stdin ends.
 */
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import type { SendMailOptions } from 'nodemailer';
import { z } from 'zod';
import { openDatabase } from '../db/connection.js';
import { createLogger } from '../services/logging/logger.js';
import { startWorker } from '../workers/worker-main.js';
import type { AppServices } from '../services/app/app-services.js';
import { scaleOutConfig, type ScaleOutEvent } from './scale-out-config.js';

const env = z
  .object({
    DATABASE_URL: z.string().min(1),
    REDIS_URL: z.string().min(1),
    SEAMS_QUEUE_PREFIX: z.string().min(1),
    SCALE_OUT_WORKER: z.string().min(1),
    SCALE_OUT_WORK_MS: z.coerce.number().int().nonnegative(),
    SCALE_OUT_POOL: z.coerce.number().int().positive(),
  })
  .parse(process.env);

const worker = env.SCALE_OUT_WORKER;
const emit = (event: Omit<ScaleOutEvent, 'worker'>): void => {
  process.stdout.write(`${JSON.stringify({ worker, ...event })}\n`);
};
const work = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, env.SCALE_OUT_WORK_MS));

const config = scaleOutConfig({ SMTP_URL: 'smtp://127.0.0.1:1' });
const services: AppServices = {
  async syncSource(sourceName, request) {
    await work();
    emit({ op: 'sync', key: `${sourceName}:${(request.itemKeys ?? []).join(',')}` });
    return { items: 1 };
  },
  async reconcileSource() {
    return {};
  },
  async rebuildProgram(programName) {
    await work();
    emit({ op: 'rebuild', key: programName });
    return { period: '2026-W12', colour: 'green' };
  },
  async refreshTrackRecord() {
    return { releases: 0, metP85: 0 };
  },
  // Syncs ask for no rebuild here: the harness enqueues rebuilds itself, so their number is exact.
  async programsUsingSource() {
    return [];
  },
  async renderProgramEmail(programName, audience, recipient) {
    return { subject: `${programName} ${audience}`, html: `<p>${recipient.email}</p>`, text: recipient.email, attachments: [] };
  },
};
const transport = {
  async sendMail(message: SendMailOptions): Promise<unknown> {
    // The delivery service hands over the finished MIME stream; reading it is what sending would do.
    if (message.raw instanceof Readable) for await (const chunk of message.raw) void chunk;
    await work();
    const to = message.envelope?.to;
    emit({ op: 'email', key: Array.isArray(to) ? to.map(String).join(',') : String(to) });
    return {};
  },
};

const database = openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: env.SCALE_OUT_POOL });
const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const logger = createLogger({ level: 'warn', base: { worker } });
const handle = await startWorker({
  config,
  services,
  db: database.db,
  connection,
  logger,
  prefix: env.SEAMS_QUEUE_PREFIX,
  transport,
  tuning: { manageSchedules: false, busyRetryMs: 50, syncConcurrency: 2, deliverConcurrency: 4 },
});
process.stdout.write(`${JSON.stringify({ ready: worker })}\n`);

process.stdin.resume();
process.stdin.once('end', () => {
  void (async () => {
    await handle.close();
    await connection.quit();
    await database.close();
  })();
});
