import { describe, expect, it } from 'vitest';
import { analyzeScopedGraph } from '../../../services/graph/analyze-program.js';
import type { GraphItem } from '../../../services/graph/graph-types.js';
import { plainText } from '../../../services/writeback/comment-doc.js';
import { planWriteback, unblockDoc, workingDays, type StoredItemState } from '../../../services/writeback/writeback-plan.js';
import { blocks, graphOf, item } from '../graph/graph-fixtures.js';

const PROGRAM = { name: 'launch', title: 'Checkout launch', dashboardUrl: 'https://seams.example.com/programs/launch' };

const d = (id: string, days: number, overrides: Partial<GraphItem> = {}) => item(id, { durationDays: days, ...overrides });

/**
 * A(core,5) → B(web,3) is the critical chain (8 days); C(core,6) → D(core,1) has 1 day of slack
 * (near-critical at 3); E(core,1) → F(web,1) and G(core,1) → H(core,1) have 6; X is done and blocks Y.
 */
const graph = graphOf(
  [
    d('A', 5),
    d('B', 3, { team: 'web', assignee: 'bo' }),
    d('C', 6),
    d('D', 1),
    d('E', 1),
    d('F', 1, { team: 'web', assignee: null }),
    d('G', 1),
    d('H', 1),
    d('X', 0, { statusCategory: 'done' }),
    d('Y', 1, { team: 'web' }),
    d('P', 2, { placeholder: true, statusCategory: 'unknown', team: null }),
  ],
  [blocks('A', 'B'), blocks('C', 'D'), blocks('E', 'F'), blocks('G', 'H'), blocks('X', 'Y')],
);
const analysis = analyzeScopedGraph(graph, { nearCriticalDays: 3 });

const state = (overrides: Partial<StoredItemState> = {}): StoredItemState => ({
  commentId: null,
  bodyHash: null,
  inSet: false,
  label: null,
  openBlockers: [],
  ...overrides,
});

const plan = (stored: ReadonlyMap<string, StoredItemState> = new Map(), writable: (i: GraphItem) => boolean = () => true) =>
  planWriteback({ program: PROGRAM, graph, analysis, stored, writable, mentionOnUnblock: true });

describe('planWriteback', () => {
  it('keeps one comment for open items that are critical, near-critical or block another team', () => {
    const { comments } = plan();
    expect(comments.map((c) => c.itemId).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(comments.every((c) => c.inSet)).toBe(true);
    const text = (id: string) => plainText(comments.find((c) => c.itemId === id)!.doc);
    expect(text('A')).toContain('Seams · Checkout launch: this item is on the critical path, slack 0 working days.');
    // B starts at the latest 5 working days after Monday 1 June: Monday 8 June.
    expect(text('A')).toContain("- Blocks web's B (bo), needed by 2026-06-08.");
    expect(text('C')).toContain('this item is near-critical, slack 1 working day.');
    expect(text('E')).toContain('another team is waiting on this item.');
    expect(text('E')).toContain("- Blocks web's F (unassigned), needed by 2026-06-10.");
    expect(text('A')).toContain('Checkout launch dashboard · Seams keeps this comment up to date.');
  });

  it('does not count a dependent of the same team as another team waiting', () => {
    expect(plan().comments.some((c) => c.itemId === 'G')).toBe(false);
  });

  it('leaves out items it cannot write to', () => {
    const { comments } = plan(new Map(), (i) => i.id !== 'A');
    expect(comments.map((c) => c.itemId)).not.toContain('A');
  });

  it('rewrites the comment of an item that left the set instead of dropping it', () => {
    const stored = new Map([
      ['G', state({ commentId: '1', inSet: true })],
      ['H', state({ commentId: '2', inSet: false })],
      ['GONE', state({ commentId: '3', inSet: true })],
    ]);
    const left = plan(stored).comments.filter((c) => !c.inSet);
    expect(left.map((c) => c.itemId).sort()).toEqual(['G', 'GONE']);
    expect(plainText(left[0]!.doc)).toContain('no longer on the critical path, near-critical or blocking another team');
  });

  it('announces an unblocking once: only when blockers seen open before are all done', () => {
    const first = plan(new Map([['Y', state({ openBlockers: ['X'] })]]));
    expect(first.unblocked).toEqual([{ itemId: 'Y', blockers: [{ key: 'X', url: null }] }]);
    expect(first.openBlockers.get('Y')).toEqual([]);
    expect(first.openBlockers.get('B')).toEqual(['A']);
    // The next rebuild finds the remembered list empty: nothing to announce again.
    expect(plan(new Map([['Y', state({ openBlockers: [] })]])).unblocked).toEqual([]);
    // Never seen blocked (first run with write-back): no announcement either.
    expect(plan().unblocked).toEqual([]);
  });

  it('words the unblock mention with the assignee or says nobody is assigned', () => {
    const u = { itemId: 'Y', blockers: [{ key: 'X', url: 'https://x.example/X' }, { key: 'Z', url: null }] };
    const withAssignee = plainText(unblockDoc(PROGRAM, u, { name: 'Bo', jiraAccountId: '5b10', linearProfileUrl: null }));
    expect(withAssignee).toBe('Seams · Checkout launch: all blockers are done: X, Z.\n@Bo, this item can start.');
    expect(plainText(unblockDoc(PROGRAM, u, null))).toContain('Nobody is assigned to start it yet.');
  });

  it('formats working days with at most one decimal', () => {
    expect(workingDays(0)).toBe('0 working days');
    expect(workingDays(1)).toBe('1 working day');
    expect(workingDays(2.25)).toBe('2.3 working days');
  });
});
