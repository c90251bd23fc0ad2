/**
 * Job schedulers derived from config: an incremental sync every N minutes and a nightly
 * reconciliation per source, and each program's weekly report at its weekday and time in its own
 * timezone. Cron patterns carry `tz`, so BullMQ (cron-parser) resolves the wall-clock time on each
 * date and the report stays at 08:00 local across DST changes.
 */
import type { ConfigFile, ProgramConfig } from '../services/config/config-schema.js';
import type { ReportJobData, SeamsQueues, SyncJobData } from './queues.js';

const WEEKDAY_NUMBER = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
} as const;

/** Reconciliation runs at night UTC, when trackers are least busy for most teams. */
export const RECONCILE_PATTERN = '0 3 * * *';

type Repeat = { readonly every: number } | { readonly pattern: string; readonly tz: string };

export type DesiredSchedule =
  | { readonly queue: 'sync'; readonly id: string; readonly repeat: Repeat; readonly jobName: string; readonly data: SyncJobData }
  | { readonly queue: 'report'; readonly id: string; readonly repeat: Repeat; readonly jobName: string; readonly data: ReportJobData };

export function reportCron(program: Pick<ProgramConfig, 'report' | 'timezone'>): { pattern: string; tz: string } {
  const [hour, minute] = program.report.time.split(':').map(Number);
  return { pattern: `${minute ?? 0} ${hour ?? 0} * * ${WEEKDAY_NUMBER[program.report.weekday]}`, tz: program.timezone };
}

/** Pure: the schedulers the config asks for, with stable ids so edits update in place. */
export function desiredSchedules(config: Pick<ConfigFile, 'sources' | 'programs'>): DesiredSchedule[] {
  const out: DesiredSchedule[] = [];
  for (const source of config.sources) {
    out.push({
      queue: 'sync',
      id: `sync:${source.name}`,
      repeat: { every: source.syncEveryMinutes * 60_000 },
      jobName: 'sync',
      data: { sourceName: source.name, mode: 'incremental', reason: 'schedule' },
    });
    out.push({
      queue: 'sync',
      id: `reconcile:${source.name}`,
      repeat: { pattern: RECONCILE_PATTERN, tz: 'UTC' },
      jobName: 'reconcile',
      data: { sourceName: source.name, mode: 'reconcile', reason: 'schedule' },
    });
  }
  for (const program of config.programs) {
    out.push({
      queue: 'report',
      id: `report:${program.name}`,
      repeat: reportCron(program),
      jobName: 'report',
      data: { programName: program.name },
    });
  }
  return out;
}

export interface SyncSchedulesOptions {
  /** Schedules take effect from this instant (a planned cut-over); default now. */
  readonly startDate?: Date;
}

export interface SyncSchedulesResult {
  readonly upserted: readonly string[];
  readonly removed: readonly string[];
}

/** Makes the queues' schedulers match the config: upserts what it asks for, removes the rest. */
export async function syncSchedules(
  queues: Pick<SeamsQueues, 'sync' | 'report'>,
  config: Pick<ConfigFile, 'sources' | 'programs'>,
  options: SyncSchedulesOptions = {},
): Promise<SyncSchedulesResult> {
  const desired = desiredSchedules(config);
  const upserted: string[] = [];
  const removed: string[] = [];
  const withStart = (repeat: Repeat) => (options.startDate ? { ...repeat, startDate: options.startDate } : { ...repeat });
  const wantedIds = new Set(desired.map((d) => d.id));
  for (const queue of [queues.sync, queues.report]) {
    for (const existing of await queue.getJobSchedulers(0, -1)) {
      const id = existing.id ?? existing.key;
      if (!wantedIds.has(id)) {
        await queue.removeJobScheduler(id);
        removed.push(id);
      }
    }
  }
  for (const schedule of desired) {
    if (schedule.queue === 'sync') {
      await queues.sync.upsertJobScheduler(schedule.id, withStart(schedule.repeat), { name: schedule.jobName, data: schedule.data });
    } else {
      await queues.report.upsertJobScheduler(schedule.id, withStart(schedule.repeat), { name: schedule.jobName, data: schedule.data });
    }
    upserted.push(schedule.id);
  }
  return { upserted, removed };
}
