import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { compareKeysDesc, encodeCursor, paginate, type Connection, type SortKey } from '../../../services/sandbox/linear/connection.js';
import { createBucket, readBucket, trySpend } from '../../../services/sandbox/linear/leaky-bucket.js';

interface Row {
  readonly id: string;
  readonly ms: number;
}
const keyOf = (row: Row): SortKey => ({ ms: row.ms, id: row.id });
// Ten rows, two sharing a timestamp so the id tie-break matters.
const rows: Row[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, ms: 1000 + i * 10 })),
  { id: 'x1', ms: 1070 },
  { id: 'x0', ms: 1070 },
].sort((a, b) => compareKeysDesc(keyOf(a), keyOf(b)));

describe('paginate', () => {
  it('orders newest first and breaks ties by id', () => {
    expect(rows.map((r) => r.id)).toEqual(['x1', 'x0', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('pages forward with after/endCursor and returns every row exactly once', () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Connection<Row> = paginate(rows, keyOf, { first: 3, after });
      seen.push(...page.nodes.map((r) => r.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  it('defaults to 50 and rejects pages above 250', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ id: `m${String(i).padStart(2, '0')}`, ms: i }));
    many.sort((a, b) => compareKeysDesc(keyOf(a), keyOf(b)));
    expect(paginate(many, keyOf, {}).nodes).toHaveLength(50);
    expect(() => paginate(many, keyOf, { first: 251 })).toThrow(GraphQLError);
  });

  it('keeps its place when the cursor row has disappeared', () => {
    const cursor = encodeCursor({ ms: 1055, id: 'gone' });
    expect(paginate(rows, keyOf, { first: 2, after: cursor }).nodes.map((r) => r.id)).toEqual(['r5', 'r4']);
  });

  it('filters while scanning and reports no next page when matches run out', () => {
    const page = paginate(rows, keyOf, { first: 3 }, (r) => r.id.startsWith('x'));
    expect(page.nodes.map((r) => r.id)).toEqual(['x1', 'x0']);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('pages backward with last/before', () => {
    const before = encodeCursor({ ms: 1030, id: 'r3' });
    const page = paginate(rows, keyOf, { last: 2, before });
    expect(page.nodes.map((r) => r.id)).toEqual(['r5', 'r4']);
    expect(page.pageInfo.hasPreviousPage).toBe(true);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('rejects a cursor it did not issue', () => {
    expect(() => paginate(rows, keyOf, { after: 'nonsense' })).toThrow(/Invalid cursor/);
  });
});

describe('leaky bucket', () => {
  it('refuses tokens beyond the limit and refills at limit/period', () => {
    const bucket = createBucket(10, 60_000, 0);
    for (let i = 0; i < 10; i += 1) expect(trySpend(bucket, 1, 0)).toBe(true);
    expect(trySpend(bucket, 1, 0)).toBe(false);
    expect(readBucket(bucket, 0)).toEqual({ limit: 10, remaining: 0, resetAtMs: 60_000 });
    // 6 s drain one token (10 per 60 s).
    expect(trySpend(bucket, 1, 5_999)).toBe(false);
    expect(trySpend(bucket, 1, 6_000)).toBe(true);
    expect(readBucket(bucket, 30_000)).toEqual({ limit: 10, remaining: 4, resetAtMs: 66_000 });
  });
});
