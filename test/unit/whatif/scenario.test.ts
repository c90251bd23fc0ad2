import { describe, expect, it } from 'vitest';
import { createRecalibration } from '../../../services/forecast/recalibration.js';
import { compareScenario } from '../../../services/whatif/compare-scenario.js';
import { EMPTY_SCENARIO, parseScenario, ScenarioError } from '../../../services/whatif/scenario.js';
import { whatIfTrials } from '../../../services/whatif/whatif-service.js';
import { blocks, fixed, graphOf, item, team } from '../graph/graph-fixtures.js';

// The classic network (finish 13, critical A-D-F-G; B has 3 days of slack, C and E 2).
const classic = graphOf(
  fixed({ A: 3, B: 4, C: 2, D: 5, E: 1, F: 2, G: 3 }),
  [blocks('A', 'C'), blocks('A', 'D'), blocks('B', 'E'), blocks('C', 'E'), blocks('D', 'F'), blocks('E', 'F'), blocks('F', 'G')],
  { teams: [team('core', { cycleTimes: [2, 3, 3, 4, 5, 5, 6, 8, 3, 4], daysPerPoint: 1, weeklyThroughput: [2, 3, 2] })] },
);

const settings = { trials: 2_000, seed: 7 };

describe('what-if scenarios on the engine', () => {
  it('a slip of a zero-slack item moves the CPM finish by exactly the slip', () => {
    for (const days of [1, 4, 10]) {
      const result = compareScenario(classic, parseScenario({ slip: [`D=+${days}d`] }, classic), settings);
      expect(result.moves.finishDays).toBe(days);
    }
  });

  it('a slip within an item’s slack does not move the finish; beyond it, by the excess', () => {
    expect(compareScenario(classic, parseScenario({ slip: ['B=+3d'] }, classic), settings).moves.finishDays).toBe(0);
    const beyond = compareScenario(classic, parseScenario({ slip: ['B=+5d'] }, classic), settings);
    expect(beyond.moves.finishDays).toBe(2);
    expect(beyond.criticalPathChange.added).toContain('B');
  });

  it('the empty scenario changes nothing, forecast included (same seed)', () => {
    const result = compareScenario(classic, EMPTY_SCENARIO, settings);
    expect(result.scenario).toEqual(result.today);
    expect(result.moves).toEqual({ finishDays: 0, p85Days: 0 });
  });

  it('finishing or cutting the critical chain head shortens the plan; a new link can lengthen it', () => {
    expect(compareScenario(classic, parseScenario({ done: ['D'] }, classic), settings).moves.finishDays).toBeLessThan(0);
    const cut = graphOf(classic.items.map((i) => (i.id === 'G' ? i : { ...i, inScope: false })), classic.links, { teams: classic.teams });
    expect(compareScenario(cut, parseScenario({ removeLink: ['F>G'] }, cut), settings).moves.finishDays).toBe(-10);
    expect(compareScenario(classic, parseScenario({ addLink: ['G>B'] }, classic), settings).today.criticalPath).not.toContain('B');
  });

  it('moving the target changes the probability but not the dates', () => {
    const targeted = { ...classic, targetDate: '2026-06-15' };
    const result = compareScenario(targeted, parseScenario({ target: '2026-07-31' }, targeted), settings);
    expect(result.scenario.finishDate).toBe(result.today.finishDate);
    expect(result.scenario.p85).toBe(result.today.p85);
    expect(result.scenario.probabilityOnTarget!).toBeGreaterThan(result.today.probabilityOnTarget!);
  });

  it('half a team’s capacity makes its work take longer', () => {
    const estimated = graphOf(
      classic.items.map((i) => ({ ...i, durationDays: null, estimate: 2 })),
      classic.links,
      { teams: classic.teams },
    );
    const result = compareScenario(estimated, parseScenario({ capacity: ['core=50%'] }, estimated), settings);
    expect(result.moves.finishDays).toBeGreaterThan(0);
    expect(result.moves.p85Days!).toBeGreaterThan(0);
  });

  it('recalibrates both runs by the track record, as the rebuild does', () => {
    const estimated = graphOf(
      classic.items.map((i) => ({ ...i, durationDays: null, estimate: 2 })),
      classic.links,
      { teams: classic.teams },
    );
    const plain = compareScenario(estimated, EMPTY_SCENARIO, settings);
    // Past real finishes all came before the simulation's 5% date: the dates come in.
    const late = compareScenario(estimated, EMPTY_SCENARIO, { ...settings, recalibration: createRecalibration(new Array(40).fill(0.02)) });
    expect(late.today.p50! < plain.today.p50!).toBe(true);
    expect(late.scenario.p50).toBe(late.today.p50);
    expect(late.moves.p85Days).toBe(0);
  });

  it('names a bad edit clearly and refuses it', () => {
    const bad: [Parameters<typeof parseScenario>[0], RegExp][] = [
      [{ slip: ['NOPE-1=+3d'] }, /--slip NOPE-1=\+3d: no item with key "NOPE-1"/],
      [{ slip: ['A=soon'] }, /expected \+N or \+Nd working days/],
      [{ estimate: ['A=-2'] }, /expected a non-negative estimate/],
      [{ capacity: ['core=0%'] }, /above 0%/],
      [{ capacity: ['web=50%'] }, /no team "web"/],
      [{ addLink: ['A-B'] }, /expected BLOCKER>BLOCKED/],
      [{ target: '2027-02-30' }, /--target 2027-02-30: expected a real date/],
    ];
    for (const [args, message] of bad) {
      expect(() => parseScenario(args, classic)).toThrow(ScenarioError);
      expect(() => parseScenario(args, classic)).toThrow(message);
    }
    expect(() => compareScenario(classic, parseScenario({ removeLink: ['A>B'] }, classic), settings)).toThrow(/A does not block B/);
  });
});

describe('whatIfTrials', () => {
  it('keeps the full count on small programs and scales down, not below 500, on large ones', () => {
    const program = (open: number, done: number) =>
      graphOf([...Array.from({ length: open }, (_, i) => item(`O${i}`)), ...Array.from({ length: done }, (_, i) => item(`D${i}`, { statusCategory: 'done' }))]);
    expect(whatIfTrials(program(40, 400), 2000)).toBe(2000);
    expect(whatIfTrials(program(4000, 100), 2000)).toBe(1000);
    expect(whatIfTrials(program(20000, 0), 2000)).toBe(500);
    expect(whatIfTrials(program(20000, 0), 300)).toBe(300);
  });
});
