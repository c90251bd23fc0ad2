import { inputError } from './linear-errors.js';

/** Linear's default page size, and the largest page it serves. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface SortKey {
  readonly ms: number;
  readonly id: string;
}

export interface Connection<T> {
  readonly nodes: readonly T[];
  readonly edges: readonly { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
}

/** Newest first, ties broken by id, which is how Linear orders `createdAt`/`updatedAt` pages. */
export function compareKeysDesc(a: SortKey, b: SortKey): number {
  if (a.ms !== b.ms) return b.ms - a.ms;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Cursors carry the sort key rather than a position, so a page boundary stays put while
 * items change between requests (an issue updated mid-sync moves to the front; the rest
 * neither repeat nor vanish).
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(`${key.ms}:${key.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): SortKey {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const ms = Number(text.slice(0, colon));
  if (colon <= 0 || !Number.isFinite(ms) || colon === text.length - 1) throw inputError('Invalid cursor', `The cursor "${cursor}" is not valid.`);
  return { ms, id: text.slice(colon + 1) };
}

function checkPageSize(name: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw inputError('Argument Validation Error', `${name} must be an integer between 0 and ${MAX_PAGE_SIZE}.`);
  }
}

/**
 * Index of the first item ordered after `key` (strictly, or at-or-after) in a list sorted by
 * compareKeysDesc; the key's own item need not exist any more.
 */
function indexAfter<T>(sorted: readonly T[], keyOf: (item: T) => SortKey, key: SortKey, strict = true): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const order = compareKeysDesc(keyOf(sorted[mid] as T), key);
    if (strict ? order <= 0 : order < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One Relay page of `sorted` (already in compareKeysDesc order) keeping the items `matches`
 * accepts. Scans only from the cursor until the page is full, so paging a large list stays
 * O(page) per request rather than O(list).
 */
export function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => SortKey,
  args: PageArgs,
  matches: (item: T) => boolean = () => true,
): Connection<T> {
  checkPageSize('first', args.first);
  checkPageSize('last', args.last);
  const lo = args.after ? indexAfter(sorted, keyOf, decodeCursor(args.after)) : 0;
  const before = args.before ? decodeCursor(args.before) : null;
  const hi = before ? indexAfter(sorted, keyOf, before, false) : sorted.length;
  const nodes: T[] = [];
  let hasNextPage = false;
  let hasPreviousPage = lo > 0;
  const backwards = args.last !== null && args.last !== undefined && (args.first === null || args.first === undefined);
  if (backwards) {
    const size = args.last as number;
    for (let i = hi - 1; i >= lo; i -= 1) {
      const item = sorted[i] as T;
      if (!matches(item)) continue;
      if (nodes.length === size) {
        hasPreviousPage = true;
        break;
      }
      nodes.push(item);
    }
    nodes.reverse();
    hasNextPage = hi < sorted.length;
    if (nodes.length < size) hasPreviousPage = false;
  } else {
    const size = args.first ?? DEFAULT_PAGE_SIZE;
    for (let i = lo; i < hi; i += 1) {
      const item = sorted[i] as T;
      if (!matches(item)) continue;
      if (nodes.length === size) {
        hasNextPage = true;
        break;
      }
      nodes.push(item);
    }
  }
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    // Most queries select `nodes` only; encoding a cursor per nested node is wasted work then.
    get edges() {
      return nodes.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
    },
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return first === undefined ? null : encodeCursor(keyOf(first));
      },
      get endCursor() {
        return last === undefined ? null : encodeCursor(keyOf(last));
      },
    },
  };
}

/** A page over a small, unsorted list (an issue's relations, labels, history). */
export function paginateList<T>(items: readonly T[], keyOf: (item: T) => SortKey, args: PageArgs): Connection<T> {
  const sorted = [...items].sort((a, b) => compareKeysDesc(keyOf(a), keyOf(b)));
  return paginate(sorted, keyOf, args);
}
