import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../../../services/graph/analyze-program.js';
import { blocks, graphOf, item } from './graph-fixtures.js';

describe('cross-team matrix', () => {
  it('counts links per (waiting, blocking) team pair and those driving the critical path', () => {
    const analysis = analyzeProgram(
      graphOf(
        [
          item('A', { team: 'api', durationDays: 5 }),
          item('B', { team: 'web', durationDays: 2 }),
          item('C', { team: 'web', durationDays: 1 }),
          item('D', { team: 'api', durationDays: 1 }),
          item('E', { team: null, durationDays: 1 }),
        ],
        [blocks('A', 'B'), blocks('D', 'C'), blocks('B', 'C'), blocks('E', 'D'), blocks('A', 'D')],
      ),
    );
    expect(analysis.criticalPath).toEqual(['A', 'B', 'C']);
    expect(analysis.teamMatrix).toEqual([
      { waitingTeam: 'web', blockingTeam: 'api', links: 2, criticalLinks: 1, itemIds: ['A', 'B', 'C', 'D'] },
      { waitingTeam: 'api', blockingTeam: '(no team)', links: 1, criticalLinks: 0, itemIds: ['D', 'E'] },
    ]);
  });
});
