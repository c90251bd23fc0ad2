/** Rebuild jobs: recompute one program's graph, forecast, risks and snapshot. */
import type { Job } from 'bullmq';
import type { Logger } from '../../services/logging/logger.js';
import { withRetryPolicy } from '../job-errors.js';
import type { RebuildJobData } from '../queues.js';
import type { WorkerServices } from '../worker-services.js';

export function createRebuildProcessor(deps: { readonly services: Pick<WorkerServices, 'rebuildProgram'>; readonly logger: Logger }) {
  return async function processRebuild(job: Job<RebuildJobData>): Promise<{ period: string; colour: string }> {
    const log = deps.logger.child({ jobId: job.id, queue: 'rebuild', program: job.data.programName });
    log.info({ trigger: job.data.trigger }, 'rebuild started');
    const result = await withRetryPolicy(() => deps.services.rebuildProgram(job.data.programName));
    log.info(result, 'rebuild finished');
    return result;
  };
}
