/**
 * Deliver jobs: one recipient, one period. The outbox in the delivery service makes the send
 * idempotent; here outcomes become job results or errors that steer BullMQ's retries.
 */
import type { Job } from 'bullmq';
import type { DeliveryOutcome, DeliveryService } from '../../services/delivery/delivery-service.js';
import type { Logger } from '../../services/logging/logger.js';
import { withRetryPolicy } from '../job-errors.js';
import type { DeliverJobData } from '../queues.js';

/** Another attempt holds the row's lease: retry later, when it has finished or expired. */
export class DeliveryInFlightError extends Error {
  override readonly name = 'DeliveryInFlightError';
}

export function createDeliverProcessor(deps: { readonly delivery: Pick<DeliveryService, 'deliver'>; readonly logger: Logger }) {
  return async function processDeliver(job: Job<DeliverJobData>): Promise<DeliveryOutcome> {
    const { subscriptionId, period } = job.data;
    const log = deps.logger.child({ jobId: job.id, queue: 'deliver', subscriptionId, period });
    const outcome = await withRetryPolicy(() => deps.delivery.deliver(subscriptionId, period));
    if (outcome === 'in-flight') throw new DeliveryInFlightError(`delivery ${subscriptionId}/${period} is being sent by another attempt`);
    if (outcome === 'unknown-outcome') log.warn('previous attempt died mid-send; not resent (at-most-once)');
    else log.info({ outcome, attempt: job.attemptsMade + 1 }, 'delivery processed');
    return outcome;
  };
}
