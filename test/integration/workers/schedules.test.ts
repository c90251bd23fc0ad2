import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeQueues, createQueues, enqueueRebuild, type SeamsQueues } from '../../../workers/queues.js';
import { syncSchedules } from '../../../workers/schedules.js';
import { connectRedis, deletePrefix, randomPrefix, testConfigFile } from './worker-test-kit.js';

describe('job schedulers from config', () => {
  let redis: Redis;
  let prefix: string;
  let queues: SeamsQueues;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    queues = createQueues({ connection: redis, prefix });
  });
  afterEach(async () => {
    await closeQueues(queues);
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const nextRun = async (kind: 'sync' | 'report', id: string) => {
    const scheduler = await queues[kind].getJobScheduler(id);
    return scheduler?.next === undefined ? undefined : new Date(scheduler.next).toISOString();
  };

  it('creates a sync and a reconcile scheduler per source and a report scheduler per program', async () => {
    const result = await syncSchedules(queues, testConfigFile());
    expect([...result.upserted].sort()).toEqual(['reconcile:jira-main', 'reconcile:linear', 'report:checkout', 'sync:jira-main', 'sync:linear']);
    expect(result.removed).toEqual([]);
    const sync = await queues.sync.getJobScheduler('sync:jira-main');
    expect(sync).toMatchObject({ every: 600_000, template: { data: { sourceName: 'jira-main', mode: 'incremental', reason: 'schedule' } } });
    expect((await queues.sync.getJobScheduler('sync:linear'))?.every).toBe(15 * 60_000);
    expect(await queues.sync.getJobScheduler('reconcile:linear')).toMatchObject({ pattern: '0 3 * * *', tz: 'UTC' });
    expect(await queues.report.getJobScheduler('report:checkout')).toMatchObject({
      pattern: '0 8 * * 1',
      tz: 'Europe/Berlin',
      template: { data: { programName: 'checkout' } },
    });
  });

  it('fires Monday 08:00 Berlin time on both sides of the spring and autumn DST changes', async () => {
    // Berlin switches to CEST on Sunday 2031-03-30 and back to CET on Sunday 2031-10-26.
    await syncSchedules(queues, testConfigFile(), { startDate: new Date('2031-03-20T00:00:00Z') });
    expect(await nextRun('report', 'report:checkout')).toBe('2031-03-24T07:00:00.000Z');
    await syncSchedules(queues, testConfigFile(), { startDate: new Date('2031-03-25T00:00:00Z') });
    expect(await nextRun('report', 'report:checkout')).toBe('2031-03-31T06:00:00.000Z');
    await syncSchedules(queues, testConfigFile(), { startDate: new Date('2031-10-21T00:00:00Z') });
    expect(await nextRun('report', 'report:checkout')).toBe('2031-10-27T07:00:00.000Z');
    // The scheduler's pending job is delayed until exactly that instant.
    const [delayed] = await queues.report.getJobs(['delayed']);
    expect(delayed!.timestamp + delayed!.delay).toBe(Date.parse('2031-10-27T07:00:00Z'));
  });

  it('updates edited schedules in place and removes those of deleted sources and programs', async () => {
    await syncSchedules(queues, testConfigFile());
    const base = testConfigFile();
    const edited = testConfigFile({
      sources: [{ ...base.sources[0], syncEveryMinutes: 5 }],
      programs: [
        { ...base.programs[0], timezone: 'America/New_York', report: { weekday: 'friday', time: '16:30' } },
        { name: 'mobile', targetDate: '2026-09-01', scope: { labels: ['mobile'] } },
      ],
      subscriptions: [],
    });
    const result = await syncSchedules(queues, edited);
    expect([...result.removed].sort()).toEqual(['reconcile:linear', 'sync:linear']);
    expect((await queues.sync.getJobScheduler('sync:jira-main'))?.every).toBe(5 * 60_000);
    expect(await queues.report.getJobScheduler('report:checkout')).toMatchObject({ pattern: '30 16 * * 5', tz: 'America/New_York' });
    expect(await queues.report.getJobScheduler('report:mobile')).toMatchObject({ pattern: '0 8 * * 1', tz: 'UTC' });
    expect((await queues.sync.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['reconcile:jira-main', 'sync:jira-main']);

    const emptied = await syncSchedules(queues, testConfigFile({ sources: [], programs: [], subscriptions: [] }));
    expect([...emptied.removed].sort()).toEqual(['reconcile:jira-main', 'report:checkout', 'report:mobile', 'sync:jira-main']);
    expect(await queues.sync.getJobSchedulersCount()).toBe(0);
    expect(await queues.report.getJobSchedulersCount()).toBe(0);
  });

  it('collapses a burst of rebuild requests for a program into one job', async () => {
    for (let i = 0; i < 10; i++) await enqueueRebuild(queues, 'checkout', `sync:jira-main#${i}`);
    await enqueueRebuild(queues, 'mobile', 'sync:linear');
    const jobs = await queues.rebuild.getJobs(['delayed', 'waiting']);
    expect(jobs.map((j) => j.data.programName).sort()).toEqual(['checkout', 'mobile']);
    expect(jobs.find((j) => j.data.programName === 'checkout')?.data.trigger).toBe('sync:jira-main#0');
  });
});
