/**
 * Report jobs: one per program per period. Rebuilds the program (the week's snapshot), writes a
 * pending outbox row per active subscriber, then fans out one deliver job each. Re-running the
 * job for the same period adds nothing: outbox rows and deliver job ids are per (subscription, period).
 */
import type { Job } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { createPendingDeliveries } from '../../db/deliveries.js';
import { listActiveSubscriptions } from '../../db/subscriptions.js';
import { deliveryMessageId } from '../../services/delivery/mime-message.js';
import type { Logger } from '../../services/logging/logger.js';
import { withRetryPolicy } from '../job-errors.js';
import { enqueueAlerts } from './rebuild-processor.js';
import { deliverJobId, type ReportJobData, type SeamsQueues } from '../queues.js';
import type { AppServices } from '../../services/app/app-services.js';

export interface ReportProcessorDeps {
  readonly db: Kysely<Database>;
  readonly services: Pick<AppServices, 'rebuildProgram' | 'refreshTrackRecord'>;
  readonly queues: Pick<SeamsQueues, 'deliver'>;
  /** Host part of Message-IDs (the public URL's host). */
  readonly messageIdHost: string;
  readonly logger: Logger;
}

export function createReportProcessor(deps: ReportProcessorDeps) {
  return async function processReport(job: Job<ReportJobData>): Promise<{ period: string; recipients: number }> {
    const { programName } = job.data;
    const log = deps.logger.child({ jobId: job.id, queue: 'report', program: programName });
    const rebuilt = job.data.period === undefined ? await withRetryPolicy(() => deps.services.rebuildProgram(programName)) : null;
    const period = job.data.period ?? rebuilt!.period;
    await enqueueAlerts(deps.queues, rebuilt?.alerts ?? []);
    try {
      await deps.services.refreshTrackRecord(programName);
    } catch (error) {
      // The track record is one line of the email: last week's stands rather than holding the report back.
      log.warn({ err: (error as Error).message }, 'track record not refreshed; the last stored one is shown');
    }
    const subscriptions = await listActiveSubscriptions(deps.db, programName);
    await createPendingDeliveries(
      deps.db,
      subscriptions.map((s) => ({ subscriptionId: s.id, period, messageId: deliveryMessageId(s.id, period, deps.messageIdHost) })),
    );
    await deps.queues.deliver.addBulk(
      subscriptions.map((s) => ({
        name: 'deliver',
        data: { subscriptionId: s.id, period },
        opts: { jobId: deliverJobId(s.id, period) },
      })),
    );
    log.info({ period, recipients: subscriptions.length }, 'report expanded into deliveries');
    return { period, recipients: subscriptions.length };
  };
}
