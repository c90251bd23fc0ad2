import { describe, expect, it } from 'vitest';
import { forecastProgram } from '../../../services/forecast/monte-carlo.js';
import { mulberry32 } from '../../../services/forecast/prng.js';
import { buildTeamProfiles } from '../../../services/forecast/team-history.js';
import { WorkingDays, dayNumberToIso, isoToDayNumber } from '../../../services/graph/work-calendar.js';
import { AS_OF, chain, program } from './program-fixture.js';

/** The "true" cycle-time distribution: 1..10 working days, right-skewed like real teams. */
const WEIGHTS = [4, 6, 7, 6, 5, 4, 3, 2, 2, 1];
const calendar = { weekendDays: [0, 6], holidays: [], timezone: 'UTC' };
const days = new WorkingDays(calendar);

function trueCycleTime(random: () => number): number {
  let u = random() * WEIGHTS.reduce((a, b) => a + b, 0);
  for (let i = 0; i < WEIGHTS.length; i++) {
    u -= WEIGHTS[i]!;
    if (u < 0) return i + 1;
  }
  return WEIGHTS.length;
}

/** Finished items whose working time (start to finish, same time of day) is a true draw. */
function history(team: string, count: number, random: () => number) {
  const firstDay = isoToDayNumber(AS_OF) - 26 * 7 + 1;
  return Array.from({ length: count }, () => {
    const start = days.nextWorkingDay(firstDay + Math.floor(random() * 140));
    const finish = days.addWorkingDays(start, trueCycleTime(random) + 1);
    return { team, startedAt: `${dayNumberToIso(start)}T09:00:00Z`, finishedAt: `${dayNumberToIso(finish)}T09:00:00Z` };
  });
}

describe('forecast calibration', () => {
  it('meets its p85 in about 85% of replayed true outcomes (80-93% for one history draw)', () => {
    const random = mulberry32(20260706);
    const finished = [...history('alpha', 400, random), ...history('beta', 400, random)];
    // 400 finished items per team (~15 a week): enough that sampling error in the history does
    // not swamp the check; with 80 the hit rate varies 0.62-0.94 across history draws.
    const teams = buildTeamProfiles({ finished }, { calendar, asOf: AS_OF });
    const a = chain('A', 'alpha', 8);
    const b = chain('B', 'beta', 8);
    const forecast = forecastProgram(program([...a.items, ...b.items], [...a.links, ...b.links], teams), { seed: 11 });

    // Reality: each chain takes the sum of its true durations; the program the longer chain.
    const start = isoToDayNumber(AS_OF);
    const p85 = isoToDayNumber(forecast.p85);
    let met = 0;
    const replays = 2000;
    for (let r = 0; r < replays; r++) {
      let alpha = 0;
      let beta = 0;
      for (let i = 0; i < 8; i++) {
        alpha += trueCycleTime(random);
        beta += trueCycleTime(random);
      }
      if (days.addWorkingDays(start, Math.max(alpha, beta)) <= p85) met++;
    }
    // One history draw: its own sampling error moves the true chance of this P85 by a few points
    // (2,000 replays: 90.6% before the thin-history correction read central quantiles both ways,
    // 92.8% after; the calibration bench checks the band over 200 programs per configuration).
    expect(met / replays).toBeGreaterThanOrEqual(0.8);
    expect(met / replays).toBeLessThanOrEqual(0.93);
  });
});
