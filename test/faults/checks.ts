/** Database checks the fault tests share: whole pages only, and the queue's final account. */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, type QueueKind } from '../../workers/queues.js';
import { REDIS_URL } from './faults-kit.js';
import type { SyncFixture } from './sync-fixture.js';

/**
 * Every page commits its items in one transaction, and Postgres' now() is the transaction's start,
 * so the items of one page share `updated_at`. A partial page would leave a group smaller than
 * the page size; only the last page of a pass may be smaller. Returns the offending groups.
 */
export async function partialPageGroups(fixture: SyncFixture, source: string, pageSize: number): Promise<number[]> {
  const rows = await fixture.query<{ n: string }>(
    `select count(*) as n from work_items w join sources s on s.id = w.source_id
      where s.name = $1 and not w.placeholder group by w.updated_at order by w.updated_at`,
    [source],
  );
  const sizes = rows.map((r) => Number(r.n));
  const odd = sizes.filter((n) => n !== pageSize);
  // One short group is the pass's last page; anything beyond it is a page stored in part.
  return odd.length <= 1 ? [] : odd;
}

export interface QueueAccount {
  readonly counts: Readonly<Record<string, number>>;
}

/** Opens the suite's view of one queue under a prefix (closed by the caller). */
export function openQueue(kind: QueueKind, prefix: string): { queue: Queue; close(): Promise<void> } {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAMES[kind], { connection, prefix });
  return {
    queue,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

export async function jobCounts(queue: Queue): Promise<Record<string, number>> {
  return queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'waiting-children');
}
