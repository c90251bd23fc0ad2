import { describe, expect, it } from 'vitest';
import { UnrecoverableError } from 'bullmq';
import { parseConfigFile } from '../../../services/config/load-config.js';
import { ConfigError } from '../../../services/config/config-error.js';
import { TrackerAuthError } from '../../../services/connectors/connector-errors.js';
import { withRetryPolicy } from '../../../workers/job-errors.js';
import { desiredSchedules, reportCron } from '../../../workers/schedules.js';

describe('reportCron', () => {
  it('turns weekday + HH:MM into a cron pattern in the program timezone', () => {
    expect(reportCron({ report: { weekday: 'monday', time: '08:00' }, timezone: 'Europe/Berlin' })).toEqual({ pattern: '0 8 * * 1', tz: 'Europe/Berlin' });
    expect(reportCron({ report: { weekday: 'sunday', time: '23:45' }, timezone: 'Asia/Tokyo' })).toEqual({ pattern: '45 23 * * 0', tz: 'Asia/Tokyo' });
    expect(reportCron({ report: { weekday: 'saturday', time: '07:05' }, timezone: 'UTC' })).toEqual({ pattern: '5 7 * * 6', tz: 'UTC' });
  });
});

describe('desiredSchedules', () => {
  it('lists a sync and a reconcile per source and a report per program, with stable ids', () => {
    const config = parseConfigFile(
      {
        sources: [{ kind: 'linear', name: 'linear', tokenEnv: 'LINEAR_TOKEN', teams: ['WEB'], syncEveryMinutes: 7 }],
        programs: [{ name: 'mobile', targetDate: '2026-09-01', timezone: 'America/New_York', scope: { labels: ['m'] }, report: { weekday: 'friday', time: '16:30' } }],
      },
      'test',
    );
    expect(desiredSchedules(config)).toEqual([
      { queue: 'sync', id: 'sync:linear', repeat: { every: 420_000 }, jobName: 'sync', data: { sourceName: 'linear', mode: 'incremental', reason: 'schedule' } },
      { queue: 'sync', id: 'reconcile:linear', repeat: { pattern: '0 3 * * *', tz: 'UTC' }, jobName: 'reconcile', data: { sourceName: 'linear', mode: 'reconcile', reason: 'schedule' } },
      { queue: 'report', id: 'report:mobile', repeat: { pattern: '30 16 * * 5', tz: 'America/New_York' }, jobName: 'report', data: { programName: 'mobile' } },
    ]);
  });
});

describe('withRetryPolicy', () => {
  it('turns auth and config errors into UnrecoverableError, keeping the message', async () => {
    const auth = withRetryPolicy(() => Promise.reject(new TrackerAuthError('jira-main', 401, '')));
    await expect(auth).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(withRetryPolicy(() => Promise.reject(new TrackerAuthError('jira-main', 403, '')))).rejects.toThrow(/^TrackerAuthError: .*denied access/);
    await expect(withRetryPolicy(() => Promise.reject(new ConfigError('f', [{ path: 'x', message: 'bad' }])))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('rethrows other errors untouched so BullMQ retries them', async () => {
    const transient = new Error('ECONNRESET');
    await expect(withRetryPolicy(() => Promise.reject(transient))).rejects.toBe(transient);
    expect(await withRetryPolicy(async () => 5)).toBe(5);
  });
});
