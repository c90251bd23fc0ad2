import { describe, expect, it } from 'vitest';
import { selectScope, scopeStats } from '../../../services/graph/program-scope.js';
import { blocks, graphOf, item, parentOf } from './graph-fixtures.js';

describe('program scope', () => {
  const graph = graphOf(
    [
      item('EPIC', { inScope: true }),
      item('CHILD', { inScope: false, estimate: 3 }),
      item('DEP', { inScope: false, estimate: 2, statusCategory: 'done' }),
      item('DEP2', { inScope: false, placeholder: true, statusCategory: 'unknown' }),
      item('WAITER', { inScope: false }),
      item('OTHER_EPIC', { inScope: false }),
      item('SIBLING', { inScope: false }),
      item('UNRELATED', { inScope: false }),
    ],
    [
      parentOf('EPIC', 'CHILD'),
      blocks('DEP', 'CHILD'),
      blocks('DEP2', 'DEP'),
      blocks('CHILD', 'WAITER'),
      parentOf('OTHER_EPIC', 'CHILD'),
      parentOf('OTHER_EPIC', 'SIBLING'),
      { from: 'CHILD', to: 'UNRELATED', kind: 'relates' },
    ],
  );

  it('takes selected items, their children and everything they transitively depend on', () => {
    const scoped = selectScope(graph);
    expect(scoped.items.map((i) => i.id)).toEqual(['EPIC', 'CHILD', 'DEP', 'DEP2']);
    // Dependents, parents of children and relates links do not widen the scope.
    expect(scoped.links).toEqual([parentOf('EPIC', 'CHILD'), blocks('DEP', 'CHILD'), blocks('DEP2', 'DEP')]);
    expect(scoped.asOf).toBe(graph.asOf);
  });

  it('brings the children of a pulled-in parent', () => {
    const scoped = selectScope(graphOf([item('A'), item('P', { inScope: false }), item('K', { inScope: false })], [blocks('P', 'A'), parentOf('P', 'K')]));
    expect(scoped.items.map((i) => i.id)).toEqual(['A', 'P', 'K']);
  });

  it('summarizes the scope', () => {
    expect(scopeStats(selectScope(graph))).toEqual({
      selectedItems: 1,
      dependencyItems: 3,
      totalItems: 4,
      blocksLinks: 2,
      doneItems: 1,
      openItems: 3,
      placeholderItems: 1,
      points: 5,
      remainingPoints: 3,
    });
  });
});
