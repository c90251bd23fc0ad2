/**
 * Guards every cursor-paged loop of both connectors against a server that never lets go: one that
 * answers the same `endCursor` / `nextPageToken` again (the loop would request forever, with no
 * backoff since every answer is a 200), or keeps handing out fresh cursors for pages that bring
 * nothing new. Either stops the pass with a `PagingStalledError`; what was stored stays stored.
 */

/** Pages in a row that may bring nothing new before the pass is stopped (an empty page or two is legitimate). */
export const MAX_PAGES_WITHOUT_PROGRESS = 10;

/** A paged walk that stopped advancing; retrying soon will not help, the server has to change. */
export class PagingStalledError extends Error {
  override readonly name = 'PagingStalledError';
  readonly sourceName: string;
  /** What was being paged, e.g. `issues`, `changelog of 10042`. */
  readonly what: string;

  constructor(sourceName: string, what: string, detail: string) {
    super(`Tracker source "${sourceName}": paging ${what} stopped: ${detail}`);
    this.sourceName = sourceName;
    this.what = what;
  }
}

export interface CursorGuard {
  /**
   * Call once per page received, with the cursor it hands out for the next page and the ids of
   * what it carried. Throws when the cursor was seen before in this walk, or when too many pages
   * in a row carried nothing that was not seen before.
   */
  advance(nextCursor: string, ids: readonly string[]): void;
}

export function createCursorGuard(sourceName: string, what: string, startCursor: string | null = null): CursorGuard {
  const cursors = new Set<string>(startCursor === null ? [] : [startCursor]);
  const seenIds = new Set<string>();
  let idle = 0;
  return {
    advance(nextCursor, ids) {
      let progressed = false;
      for (const id of ids) {
        if (seenIds.has(id)) continue;
        seenIds.add(id);
        progressed = true;
      }
      if (cursors.has(nextCursor)) {
        throw new PagingStalledError(sourceName, what, `the server answered a cursor it had already given (${excerpt(nextCursor)}) after ${cursors.size} pages`);
      }
      cursors.add(nextCursor);
      idle = progressed ? 0 : idle + 1;
      if (idle >= MAX_PAGES_WITHOUT_PROGRESS) {
        throw new PagingStalledError(sourceName, what, `${idle} pages in a row brought nothing new`);
      }
    },
  };
}

function excerpt(cursor: string): string {
  return JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor);
}
