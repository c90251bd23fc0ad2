import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkItemsAndLinks, ITEM_FIELDS } from '../../../services/graph/graph-fast-path.js';
import { graphItemSchema, graphLinkSchema, parseProgramGraph, programGraphSchema } from '../../../services/graph/graph-schema.js';

/** Values a field may hold in a hand-written or broken file: valid ones, wrong types, edge cases. */
const anyValue = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'x',
  'jira:1',
  0,
  -0,
  -1,
  3.5,
  10_000,
  10_001,
  true,
  false,
  [],
  {},
  'todo',
  'done',
  'doing',
  'blocks',
  'parent',
  'links',
  '2026-06-01',
  '2026-02-30',
  '1899-12-31',
  '2026-06-01T09:00:00Z',
  '2026-06-01T09:00:00.000+02:00',
  '3000-01-01T00:00:00Z',
  '2026-06-01 09:00',
);
/** A field that is mostly valid (so the accept side is exercised) and sometimes anything at all. */
const field = (...valid: unknown[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 40 }, { arbitrary: anyValue, weight: 1 });
const date = field(null, '2026-06-01', '2030-12-31');
const time = field(null, '2026-06-01T09:00:00Z', '2026-05-27T09:00:00.000Z');
const days = field(null, 0, 2, 0.5);
const text = field(null, 'a', 'PAY-1');
/** Every field of an item but its id, in the schema's order. */
const itemValues = {
  key: field('PAY-1'),
  title: field('Pay'),
  url: text,
  source: text,
  team: text,
  assignee: text,
  status: text,
  statusCategory: field('todo', 'in_progress', 'done', 'unknown'),
  estimate: days,
  durationDays: days,
  dueDate: date,
  createdAt: time,
  startedAt: time,
  completedAt: time,
  updatedAt: time,
  inScope: field(true, false),
  placeholder: field(true, false),
};
const itemFields = fc.record(
  { ...itemValues, extra: anyValue },
  { requiredKeys: [], noNullPrototype: true },
);
/** Items with distinct ids (`item-<position>`), now and then replaced by anything at all. */
const items = fc
  .array(fc.tuple(fc.oneof({ arbitrary: fc.constant(undefined), weight: 20 }, { arbitrary: anyValue, weight: 1 }), fc.constantFrom('todo', 'done'), itemFields), { minLength: 2, maxLength: 4 })
  .map((list) => list.map(([id, statusCategory, fields], i) => ({ id: id ?? `item-${i}`, statusCategory, ...fields })));
const endpoint = fc.oneof({ arbitrary: fc.constantFrom('item-0', 'item-1'), weight: 40 }, { arbitrary: anyValue, weight: 1 });
const link = fc.record(
  { from: endpoint, to: endpoint, kind: field('blocks', 'relates', 'duplicates', 'parent'), extra: anyValue },
  { requiredKeys: ['from', 'to', 'kind'], noNullPrototype: true },
);

const graphOf = (items: unknown, links?: unknown) => ({ version: 1, program: 'p', asOf: '2026-06-01', items, ...(links === undefined ? {} : { links }) });

describe('the hand-checked fast path for items and links', () => {
  it('knows every field the schema knows (a field added to the schema must be added to the fast path)', () => {
    expect(Object.keys(graphItemSchema.in.shape)).toEqual(ITEM_FIELDS);
    expect(Object.keys(graphLinkSchema.shape)).toEqual(['from', 'to', 'kind']);
  });

  it('accepts only what zod accepts, and returns what zod returns (values and key order)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(items, fc.option(fc.array(link, { maxLength: 4 }), { nil: undefined }), (itemList, links) => {
        const json = graphOf(itemList, links);
        const fast = checkItemsAndLinks(json);
        const zod = programGraphSchema.safeParse(json);
        if (fast === undefined) return;
        accepted++;
        expect(zod.success).toBe(true);
        expect(JSON.stringify(fast.items)).toBe(JSON.stringify(zod.data?.items));
        expect(JSON.stringify(fast.links)).toBe(JSON.stringify(zod.data?.links));
      }),
      { numRuns: 2_000 },
    );
    // The generator must reach the accept side often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(300);
  });

  it('keeps an item that already has every field in order (a parsed graph written back out), when zod would return the same', () => {
    const full = fc.record(
      {
        id: fc.constantFrom('item-0'),
        ...itemValues,
      },
      { noNullPrototype: true },
    );
    let kept = 0;
    fc.assert(
      fc.property(full, (item) => {
        const json = graphOf([item]);
        const fast = checkItemsAndLinks(json);
        const zod = programGraphSchema.safeParse(json);
        // Plain JSON objects with every field: the fast path decides exactly as zod does.
        expect(fast !== undefined).toBe(zod.success);
        if (fast === undefined) return;
        if (fast.items[0] === item) kept++;
        expect(JSON.stringify(fast.items)).toBe(JSON.stringify(zod.data?.items));
      }),
      { numRuns: 500 },
    );
    expect(kept).toBeGreaterThan(100);
  });

  it('takes the fast path for ordinary files, items without key or title included', () => {
    const json = graphOf(
      [
        { id: 'jira:1', key: 'PAY-1', title: 'Pay', statusCategory: 'todo', estimate: 3, startedAt: '2026-05-27T09:00:00Z', inScope: true },
        { title: 'Mobile', id: 'linear:2', statusCategory: 'done', extra: 'dropped' },
        { id: 'jira:3', statusCategory: 'unknown', placeholder: true },
      ],
      [{ from: 'jira:3', to: 'jira:1', kind: 'blocks' }, { from: 'jira:1', to: 'linear:2', kind: 'relates', note: 'dropped' }],
    );
    const fast = checkItemsAndLinks(json);
    expect(fast).toBeDefined();
    expect(JSON.stringify(parseProgramGraph(json))).toBe(JSON.stringify(programGraphSchema.parse(json)));
    expect(fast?.index.linkFrom).toEqual(Int32Array.from([2, 0]));
    expect(fast?.index.linkTo).toEqual(Int32Array.from([0, 1]));
  });

  it('leaves duplicates, dangling links and over-long durations to zod, whose report names them', () => {
    const items = [
      { id: 'jira:1', statusCategory: 'todo' },
      { id: 'jira:1', statusCategory: 'done' },
      { id: 'jira:2', statusCategory: 'todo', durationDays: 10_001 },
    ];
    const json = graphOf(items, [{ from: 'jira:1', to: 'jira:9', kind: 'blocks' }]);
    expect(checkItemsAndLinks(json)).toBeUndefined();
    expect(() => parseProgramGraph(json)).toThrow(
      /items\[1\]\.id: duplicate item id jira:1\n {2}items\[2\]\.durationDays: item jira:2: 10001 working days exceeds the limit of 10000\n {2}links\[0\]\.to: unknown item id jira:9/,
    );
  });

  it('reports a bad header even when items and links are fine', () => {
    expect(() => parseProgramGraph({ ...graphOf([{ id: 'jira:1', statusCategory: 'todo' }]), asOf: '2026-13-01' })).toThrow(
      /^invalid program graph:\n {2}asOf: expected an ISO date YYYY-MM-DD$/,
    );
  });
});
