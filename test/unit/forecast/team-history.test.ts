import { describe, expect, it } from 'vitest';
import { buildTeamProfiles } from '../../../services/forecast/team-history.js';

const utc = { weekendDays: [0, 6], holidays: [], timezone: 'UTC' };

describe('buildTeamProfiles', () => {
  const finished = [
    { team: 'alpha', startedAt: '2026-06-22T09:00:00Z', finishedAt: '2026-06-24T17:00:00Z', estimate: 3 }, // Mon..Wed = 3
    { team: 'alpha', startedAt: '2026-06-26T09:00:00Z', finishedAt: '2026-06-29T10:00:00Z', estimate: 1 }, // Fri, Mon = 2
    { team: 'alpha', startedAt: '2026-06-27T09:00:00Z', finishedAt: '2026-06-27T12:00:00Z' }, // a Saturday: 0 -> 0.5
    { team: 'alpha', startedAt: '2026-06-15T09:00:00Z', finishedAt: '2026-06-30T16:00:00Z', estimate: null }, // 12 working days
    { team: 'alpha', startedAt: '2026-07-01T09:00:00Z', finishedAt: '2026-07-06T08:00:00Z' }, // finished today: excluded
    { team: 'alpha', startedAt: '2026-06-01T09:00:00Z', finishedAt: '2026-06-10T08:00:00Z' }, // before the window
    { team: 'alpha', startedAt: '2026-06-25T09:00:00Z', finishedAt: '2026-06-23T08:00:00Z' }, // finished before started
    { team: 'beta', startedAt: '2026-07-01T09:00:00Z', finishedAt: '2026-07-02T09:00:00Z', estimate: 2 },
  ];

  it('summarizes cycle times, days per point, throughput and WIP per team', () => {
    const profiles = buildTeamProfiles({ finished }, { calendar: utc, asOf: '2026-07-06', weeks: 2 });
    expect(profiles).toEqual([
      {
        team: 'alpha',
        cycleTimes: [3, 2, 0.5, 12],
        daysPerPoint: 1.5, // median of 3/3 and 2/1
        weeklyThroughput: [2, 2], // [22 Jun, 29 Jun) and [29 Jun, 6 Jul)
        wipLimit: 2, // two items span both week starts
      },
      { team: 'beta', cycleTimes: [2], daysPerPoint: 1, weeklyThroughput: [0, 1], wipLimit: 1 },
    ]);
  });

  it('defaults to a 26-week window', () => {
    const [alpha] = buildTeamProfiles({ finished }, { calendar: utc, asOf: '2026-07-06' });
    expect(alpha?.weeklyThroughput).toHaveLength(26);
    expect(alpha?.cycleTimes).toEqual([3, 2, 0.5, 12, 8]); // 1..10 June is inside 26 weeks
  });

  it('takes dates in the calendar timezone and skips holidays', () => {
    const berlin = { weekendDays: [0, 6], holidays: ['2026-06-23'], timezone: 'Europe/Berlin' };
    const late = [
      // 22:30 UTC on Sunday 5 July is Monday 6 July in Berlin: today, so excluded.
      { team: 'alpha', startedAt: '2026-07-01T08:00:00Z', finishedAt: '2026-07-05T22:30:00Z' },
      // Mon 22 .. Wed 24 June with the 23rd a holiday: 2 working days.
      { team: 'alpha', startedAt: '2026-06-22T08:00:00Z', finishedAt: '2026-06-24T15:00:00Z' },
    ];
    const [alpha] = buildTeamProfiles({ finished: late }, { calendar: berlin, asOf: '2026-07-06', weeks: 4 });
    expect(alpha?.cycleTimes).toEqual([2]);
  });

  it('uses a team calendar when given', () => {
    const fourDayWeek = { weekendDays: [0, 5, 6], holidays: [], timezone: 'UTC' };
    const [beta] = buildTeamProfiles(
      { finished: [{ team: 'beta', startedAt: '2026-06-25T09:00:00Z', finishedAt: '2026-06-29T09:00:00Z' }] },
      { calendar: utc, asOf: '2026-07-06', weeks: 2, teamCalendars: { beta: fourDayWeek } },
    );
    expect(beta?.cycleTimes).toEqual([2]); // Thu, (Fri off), Mon
    expect(beta?.calendar).toEqual(fourDayWeek);
  });

  it('rejects a nonsensical window and bad timestamps', () => {
    expect(() => buildTeamProfiles({ finished }, { calendar: utc, asOf: '2026-07-06', weeks: 0 })).toThrow(RangeError);
    expect(() =>
      buildTeamProfiles({ finished: [{ team: 'a', startedAt: 'soon', finishedAt: '2026-06-01T00:00:00Z' }] }, { calendar: utc, asOf: '2026-07-06' }),
    ).toThrow(/not an ISO timestamp/);
  });
});
