/**
 * How the demo runs its jobs: in-process by default, or — with REDIS_URL — through the real
 * BullMQ queues and an in-process worker (bullmq-demo-jobs.ts, loaded only then: BullMQ, ioredis
 * and the worker would otherwise stay in memory for a run that never uses them).
 */
import type { AppServices } from '../app/app-services.js';
import type { SyncRequest } from '../connectors/sync-types.js';
import type { WriteBackCounts } from '../writeback/writeback-service.js';

export interface DemoJobs {
  readonly mode: 'in-process' | 'bullmq';
  sync(sourceName: string, mode: SyncRequest['mode']): Promise<Record<string, number>>;
  /** Rebuilds; returns write-back counts when the program writes back. */
  rebuild(programName: string): Promise<WriteBackCounts | null>;
  close(): Promise<void>;
}

export function inProcessJobs(services: AppServices): DemoJobs {
  return {
    mode: 'in-process',
    sync: (source, mode) => services.syncSource(source, { mode }, () => {}),
    rebuild: async (program) => (await services.rebuildProgram(program)).writeBack ?? null,
    close: async () => {},
  };
}
