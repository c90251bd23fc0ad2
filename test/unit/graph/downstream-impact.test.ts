import { describe, expect, it } from 'vitest';
import { downstreamImpact, type DownstreamImpact } from '../../../services/graph/downstream-impact.js';
import type { GraphItem, GraphLink } from '../../../services/graph/graph-types.js';
import { blocks, graphOf, item, parentOf, seededRandom } from './graph-fixtures.js';

function impactById(items: readonly GraphItem[], links: readonly GraphLink[], targetDate: string | null = null): Map<string, DownstreamImpact> {
  return new Map(downstreamImpact(graphOf(items, links, { targetDate }), { targetDate }).map((d) => [d.id, d]));
}

describe('downstreamImpact', () => {
  it('counts a chain and a diamond without double counting', () => {
    // A → B → D, A → C → D, D → E
    const impact = impactById(
      ['A', 'B', 'C', 'D', 'E'].map((id) => item(id)),
      [blocks('A', 'B'), blocks('A', 'C'), blocks('B', 'D'), blocks('C', 'D'), blocks('D', 'E')],
    );
    expect([...impact.values()].map((d) => [d.id, d.waitingItems])).toEqual([
      ['A', 4],
      ['B', 2],
      ['C', 2],
      ['D', 1],
      ['E', 0],
    ]);
  });

  it('names the teams that wait, not the item itself, and counts an epic as waiting on its children', () => {
    const impact = impactById(
      [item('PAY-1', { team: 'payments' }), item('MOB-1', { team: 'mobile' }), item('EPIC', { team: 'web' }), item('PAY-2', { team: 'payments' })],
      [blocks('PAY-1', 'MOB-1'), parentOf('EPIC', 'MOB-1'), blocks('PAY-2', 'PAY-1')],
    );
    expect(impact.get('PAY-1')).toMatchObject({ waitingItems: 2, waitingTeams: ['mobile', 'web'] });
    expect(impact.get('PAY-2')).toMatchObject({ waitingItems: 3, waitingTeams: ['mobile', 'payments', 'web'] });
    expect(impact.get('EPIC')).toMatchObject({ waitingItems: 0, waitingTeams: [] });
  });

  it('treats every member of a cycle as waiting on every other member', () => {
    // A → B → C → A (one team each), C → D.
    const impact = impactById(
      [item('A', { team: 'a' }), item('B', { team: 'b' }), item('C', { team: 'c' }), item('D', { team: 'd' }), item('X', { team: 'x' })],
      [blocks('A', 'B'), blocks('B', 'C'), blocks('C', 'A'), blocks('C', 'D'), blocks('X', 'A')],
    );
    expect(impact.get('A')).toMatchObject({ waitingItems: 3, waitingTeams: ['b', 'c', 'd'] });
    expect(impact.get('B')).toMatchObject({ waitingItems: 3, waitingTeams: ['a', 'c', 'd'] });
    expect(impact.get('X')).toMatchObject({ waitingItems: 4, waitingTeams: ['a', 'b', 'c', 'd'] });
    expect(impact.get('D')).toMatchObject({ waitingItems: 0 });
  });

  it('keeps a team that another cycle member shares', () => {
    const impact = impactById([item('A', { team: 't' }), item('B', { team: 't' })], [blocks('A', 'B'), blocks('B', 'A')]);
    expect(impact.get('A')).toMatchObject({ waitingItems: 1, waitingTeams: ['t'] });
  });

  it('leaves done work out: it waits on nothing and passes no wait on', () => {
    const impact = impactById(
      [item('A'), item('B', { statusCategory: 'done' }), item('C'), item('D')],
      [blocks('A', 'B'), blocks('B', 'C'), blocks('A', 'D')],
    );
    expect(impact.get('A')).toMatchObject({ waitingItems: 1 });
    expect(impact.get('B')).toEqual({ id: 'B', waitingItems: 0, waitingTeams: [], earliestTarget: null });
  });

  it('finds the earliest target among its own due date, the waiting items and the program target', () => {
    const items = [item('A'), item('B', { dueDate: '2026-07-01' }), item('C', { dueDate: '2026-06-20' }), item('D', { dueDate: '2026-06-10', statusCategory: 'done' })];
    const links = [blocks('A', 'B'), blocks('B', 'C'), blocks('A', 'D')];
    const impact = impactById(items, links, '2026-06-25');
    expect(impact.get('A')?.earliestTarget).toEqual({ date: '2026-06-20', itemId: 'C' });
    expect(impact.get('B')?.earliestTarget).toEqual({ date: '2026-06-20', itemId: 'C' });
    expect(impact.get('C')?.earliestTarget).toEqual({ date: '2026-06-20', itemId: 'C' });
    const late = impactById([item('A'), item('B', { dueDate: '2026-08-01' })], [blocks('A', 'B')], '2026-07-15');
    expect(late.get('A')?.earliestTarget).toEqual({ date: '2026-07-15', itemId: null });
    expect(impactById([item('A')], []).get('A')?.earliestTarget).toBeNull();
  });

  it('agrees with a plain search on random graphs with cycles', () => {
    const random = seededRandom(21);
    for (let round = 0; round < 30; round++) {
      const n = 5 + Math.floor(random() * 300);
      const items = Array.from({ length: n }, (_, i) =>
        item(`I${i}`, { team: `t${Math.floor(random() * 40)}`, statusCategory: random() < 0.15 ? 'done' : 'todo' }),
      );
      const links = Array.from({ length: Math.floor(n * 1.5) }, () =>
        blocks(`I${Math.floor(random() * n)}`, `I${Math.floor(random() * n)}`),
      );
      const got = impactById(items, links);
      const open = new Set(items.filter((i) => i.statusCategory !== 'done').map((i) => i.id));
      const next = new Map<string, string[]>();
      for (const l of links) if (open.has(l.from) && open.has(l.to)) next.set(l.from, [...(next.get(l.from) ?? []), l.to]);
      const teamOf = new Map(items.map((i) => [i.id, i.team]));
      for (const start of open) {
        const seen = new Set<string>();
        const stack = [...(next.get(start) ?? [])];
        while (stack.length > 0) {
          const v = stack.pop() as string;
          if (seen.has(v)) continue;
          seen.add(v);
          stack.push(...(next.get(v) ?? []));
        }
        seen.delete(start);
        const teams = [...new Set([...seen].map((v) => teamOf.get(v) as string))].sort();
        expect(got.get(start), `${start} in round ${round}`).toMatchObject({ waitingItems: seen.size, waitingTeams: teams });
      }
    }
  });
});
