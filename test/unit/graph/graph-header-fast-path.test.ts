import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProgramGraph } from '../../../services/graph/graph-fast-path.js';
import { programGraphSchema, teamProfileSchema, workCalendarSchema } from '../../../services/graph/graph-schema.js';

/** Now and then anything at all instead of a valid value. */
const anyValue = fc.constantFrom<unknown>(undefined, null, '', 'x', 0, -1, 0.5, 1, 7, 1.5, true, [], {}, [1.5], [7], [null], ['2026-02-30'], '2026-02-30', '1899-12-31');
const field = (...valid: unknown[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 30 }, { arbitrary: anyValue, weight: 1 });
const record = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) => fc.record(fields, { requiredKeys: [], noNullPrototype: true });

const calendar = record({
  // Edge values sit among the valid ones: 7 weekend days, capacity 0, a share above 1 are refused.
  weekendDays: field([0, 6], [5, 6], [], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6]),
  holidays: field([], ['2026-12-25'], ['2026-12-24', '2026-12-31']),
  timezone: field('UTC', 'Europe/Berlin'),
  extra: anyValue,
});
const team = (name: string) =>
  record({
    calendar,
    cycleTimes: field([], [1, 2.5, 8]),
    daysPerPoint: field(null, 0, 1.2),
    weeklyThroughput: field([], [3, 0, 5]),
    wipLimit: field(1, 2.5, 4, 0.5),
    estimates: field([], [1, null, 3]),
    throughputPerDay: field(0, 0.7),
    historyWeeks: field(0, 12),
    capacity: field(0.5, 3, 0),
    leadTimeShare: field(0, 0.25, 1, 1.5),
  }).map((fields) => ({ team: name, ...fields }));
const header = record({
  version: field(1),
  program: field('checkout'),
  asOf: field('2026-06-01', '2030-01-31'),
  targetDate: field(null, '2026-07-15'),
  calendar,
  // Team names repeat now and then: a duplicate is zod's to report.
  teams: fc.oneof({ arbitrary: fc.array(fc.constantFrom('api', 'web', 'api').chain(team), { maxLength: 3 }), weight: 30 }, { arbitrary: anyValue, weight: 1 }),
});
const body = { items: [{ id: 'jira:1', statusCategory: 'todo', team: 'api' }], links: [] };

describe('the hand-checked fast path for the graph header', () => {
  it('knows every field the schema knows (a field added to the schema must be added to the fast path)', () => {
    expect(Object.keys(programGraphSchema.shape)).toEqual(['version', 'program', 'asOf', 'targetDate', 'calendar', 'items', 'links', 'teams']);
    expect(Object.keys(workCalendarSchema.shape)).toEqual(['weekendDays', 'holidays', 'timezone']);
    expect(Object.keys(teamProfileSchema.shape)).toEqual([
      'team',
      'calendar',
      'cycleTimes',
      'daysPerPoint',
      'weeklyThroughput',
      'wipLimit',
      'estimates',
      'throughputPerDay',
      'historyWeeks',
      'capacity',
      'leadTimeShare',
    ]);
  });

  it('accepts only what zod accepts, and returns what zod returns (values and key order)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(header, (fields) => {
        const json = { ...fields, ...body };
        const fast = checkProgramGraph(json);
        if (fast === undefined) return;
        accepted++;
        const zod = programGraphSchema.safeParse(json);
        expect(zod.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: 2_000 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it('leaves duplicate teams and bad values to zod', () => {
    const base = { version: 1, program: 'p', asOf: '2026-06-01', ...body };
    expect(checkProgramGraph(base)).toBeDefined();
    expect(checkProgramGraph({ ...base, teams: [{ team: 'api' }, { team: 'api' }] })).toBeUndefined();
    expect(checkProgramGraph({ ...base, calendar: { weekendDays: [7] } })).toBeUndefined();
    expect(checkProgramGraph({ ...base, teams: [{ team: 'api', capacity: 0 }] })).toBeUndefined();
    expect(checkProgramGraph({ ...base, version: 2 })).toBeUndefined();
  });
});
