/** Rebuild jobs: recompute one program's graph, forecast, risks and snapshot. */
import type { Job } from 'bullmq';
import type { Logger } from '../../services/logging/logger.js';
import type { WriteBackCounts } from '../../services/writeback/writeback-service.js';
import { withRetryPolicy } from '../job-errors.js';
import { deliverJobId, type RebuildJobData, type SeamsQueues } from '../queues.js';
import type { AppServices } from '../../services/app/app-services.js';

export function createRebuildProcessor(deps: {
  readonly services: Pick<AppServices, 'rebuildProgram'>;
  readonly queues: Pick<SeamsQueues, 'deliver'>;
  readonly logger: Logger;
}) {
  return async function processRebuild(job: Job<RebuildJobData>): Promise<{ period: string; colour: string; alerts: number; writeBack?: WriteBackCounts }> {
    const log = deps.logger.child({ jobId: job.id, queue: 'rebuild', program: job.data.programName });
    log.info({ trigger: job.data.trigger }, 'rebuild started');
    const result = await withRetryPolicy(() => deps.services.rebuildProgram(job.data.programName));
    const alerts = await enqueueAlerts(deps.queues, result.alerts ?? []);
    log.info({ period: result.period, colour: result.colour, alerts }, 'rebuild finished');
    // Whoever waits on the job (the demo) reports its write-back counts from this return value.
    return { period: result.period, colour: result.colour, alerts, writeBack: result.writeBack };
  };
}

/** Alert rows are in the outbox already; one deliver job each (job ids make a re-run harmless). */
export async function enqueueAlerts(
  queues: Pick<SeamsQueues, 'deliver'>,
  alerts: readonly { readonly subscriptionId: number; readonly period: string }[],
): Promise<number> {
  if (alerts.length === 0) return 0;
  await queues.deliver.addBulk(
    alerts.map((a) => ({ name: 'deliver', data: { subscriptionId: a.subscriptionId, period: a.period }, opts: { jobId: deliverJobId(a.subscriptionId, a.period) } })),
  );
  return alerts.length;
}
