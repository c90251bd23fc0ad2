import { describe, expect, it } from 'vitest';
import { buildTeamProfiles } from '../../../services/forecast/team-history.js';
import type { WorkCalendar } from '../../../services/graph/graph-types.js';

const utc: WorkCalendar = { weekendDays: [0, 6], holidays: [], timezone: 'UTC' };
const asOf = '2026-07-06'; // a Monday

describe('buildTeamProfiles', () => {
  it('records the share of history that runs from creation (lead time)', () => {
    const finished = [
      { team: 'alpha', startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-23T09:00:00Z', fromCreation: true },
      { team: 'alpha', startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-24T09:00:00Z', fromCreation: true },
      { team: 'alpha', startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-25T09:00:00Z' },
      { team: 'alpha', startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-26T09:00:00Z', fromCreation: false },
    ];
    expect(buildTeamProfiles({ finished }, { calendar: utc, asOf, weeks: 4 })[0]?.leadTimeShare).toBe(0.5);
  });

  describe('cycle time = working time elapsed between the instants (24-hour working days)', () => {
    const cycleTimes = (finished: { startedAt: string; finishedAt: string }[], calendar = utc) =>
      buildTeamProfiles({ finished: finished.map((f) => ({ team: 'alpha', ...f })) }, { calendar, asOf, weeks: 4 })[0]?.cycleTimes;

    it('counts a hand-over within the day as a fraction of it, not as a whole day', () => {
      expect(cycleTimes([{ startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-22T17:00:00Z' }])?.[0]).toBeCloseTo(1 / 3, 9); // was 1
      expect(cycleTimes([{ startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-23T09:00:00Z' }])).toEqual([1]); // was 2
      expect(cycleTimes([{ startedAt: '2026-06-22T00:00:00Z', finishedAt: '2026-06-25T00:00:00Z' }])).toEqual([3]); // Mon..Wed
    });

    it('skips weekends and holidays and floors work done off the calendar', () => {
      // Friday 17:00 to Monday 09:00: 7 h of Friday, 9 h of Monday.
      expect(cycleTimes([{ startedAt: '2026-06-26T17:00:00Z', finishedAt: '2026-06-29T09:00:00Z' }])?.[0]).toBeCloseTo(16 / 24, 9);
      // Saturday only: no working time, floored at 3 hours.
      expect(cycleTimes([{ startedAt: '2026-06-27T09:00:00Z', finishedAt: '2026-06-27T12:00:00Z' }])).toEqual([0.125]);
      const holiday = { ...utc, holidays: ['2026-06-23'] };
      expect(cycleTimes([{ startedAt: '2026-06-22T00:00:00Z', finishedAt: '2026-06-25T00:00:00Z' }], holiday)).toEqual([2]);
    });

    it('takes instants in the calendar timezone', () => {
      const berlin = { weekendDays: [0, 6], holidays: [], timezone: 'Europe/Berlin' };
      // 22:00 UTC on Sunday 21 June is Monday 00:00 in Berlin; 22:00 UTC Tuesday is Wednesday 00:00.
      expect(cycleTimes([{ startedAt: '2026-06-21T22:00:00Z', finishedAt: '2026-06-23T22:00:00Z' }], berlin)).toEqual([2]);
      // Finished 22:30 UTC on Sunday 5 July = Monday 6 July in Berlin: today, so left out.
      expect(cycleTimes([{ startedAt: '2026-07-01T08:00:00Z', finishedAt: '2026-07-05T22:30:00Z' }], berlin)).toBeUndefined();
    });
  });

  it('keeps each item estimate beside its cycle time, and the days per point', () => {
    const [alpha] = buildTeamProfiles(
      {
        finished: [
          { team: 'alpha', startedAt: '2026-06-22T00:00:00Z', finishedAt: '2026-06-25T00:00:00Z', estimate: 3 },
          { team: 'alpha', startedAt: '2026-06-29T00:00:00Z', finishedAt: '2026-06-30T00:00:00Z', estimate: 2 },
          { team: 'alpha', startedAt: '2026-06-29T00:00:00Z', finishedAt: '2026-07-01T00:00:00Z' },
        ],
      },
      { calendar: utc, asOf, weeks: 4 },
    );
    expect(alpha?.cycleTimes).toEqual([3, 1, 2]);
    expect(alpha?.estimates).toEqual([3, 2, null]);
    expect(alpha?.daysPerPoint).toBe(0.75); // median of 3/3 and 1/2
  });

  it('measures WIP and throughput over the weeks with history only, hand-overs counted once', () => {
    // Three people, each finishing a 2-working-day item every 2 working days (the next one
    // starting the moment the last one ends) over the last four weeks of a 26-week window.
    // The old median over all 26 weeks said WIP 1, and counted every hand-over day twice.
    const monday8June = Date.parse('2026-06-08T00:00:00Z');
    const workingDay = (k: number) => {
      const week = Math.floor(k / 5);
      return new Date(monday8June + (week * 7 + (k - week * 5)) * 86_400_000).toISOString();
    };
    const finished = [0, 1, 2].flatMap(() =>
      Array.from({ length: 10 }, (_, j) => ({ team: 'alpha', startedAt: workingDay(2 * j - 1), finishedAt: workingDay(2 * j + 1) })),
    );
    const [alpha] = buildTeamProfiles({ finished }, { calendar: utc, asOf, weeks: 26 });
    expect(alpha?.cycleTimes.every((ct) => ct === 2)).toBe(true);
    expect(alpha?.wipLimit).toBe(3);
    expect(alpha?.historyWeeks).toBe(4);
    // 30 finishes from the first (Tue 9 June) to the end of the window: 19 working days.
    expect(alpha?.throughputPerDay).toBeCloseTo(30 / 19, 3);
    // Little's law: throughput × mean cycle time, ~3 in parallel.
    expect(alpha?.capacity).toBeCloseTo((30 / 19) * 2, 3);
    expect(alpha?.weeklyThroughput).toHaveLength(26);
    expect(alpha?.weeklyThroughput.slice(-4)).toEqual([6, 9, 6, 9]);
  });

  it('leaves out work finished before the window, today, or before it started', () => {
    const [alpha] = buildTeamProfiles(
      {
        finished: [
          { team: 'alpha', startedAt: '2026-06-22T00:00:00Z', finishedAt: '2026-06-24T00:00:00Z' },
          { team: 'alpha', startedAt: '2026-07-01T09:00:00Z', finishedAt: '2026-07-06T08:00:00Z' }, // today
          { team: 'alpha', startedAt: '2026-05-01T09:00:00Z', finishedAt: '2026-05-10T08:00:00Z' }, // before the window
          { team: 'alpha', startedAt: '2026-06-25T09:00:00Z', finishedAt: '2026-06-23T08:00:00Z' }, // finished before started
        ],
      },
      { calendar: utc, asOf, weeks: 4 },
    );
    expect(alpha?.cycleTimes).toEqual([2]);
  });

  it('uses a team calendar when given', () => {
    const fourDayWeek = { weekendDays: [0, 5, 6], holidays: [], timezone: 'UTC' };
    const [beta] = buildTeamProfiles(
      { finished: [{ team: 'beta', startedAt: '2026-06-25T00:00:00Z', finishedAt: '2026-06-30T00:00:00Z' }] },
      { calendar: utc, asOf, weeks: 2, teamCalendars: { beta: fourDayWeek } },
    );
    expect(beta?.cycleTimes).toEqual([2]); // Thu, (Fri off), Mon
    expect(beta?.calendar).toEqual(fourDayWeek);
  });

  it('rejects a nonsensical window and bad timestamps', () => {
    expect(() => buildTeamProfiles({ finished: [] }, { calendar: utc, asOf, weeks: 0 })).toThrow(RangeError);
    expect(() =>
      buildTeamProfiles({ finished: [{ team: 'a', startedAt: 'soon', finishedAt: '2026-06-01T00:00:00Z' }] }, { calendar: utc, asOf }),
    ).toThrow(/not an ISO timestamp/);
  });
});
