/**
 * The one safety rule both reconciliation passes share: a scope listing that comes back empty
 * while the store holds live items is far more likely a tracker hiccup, a revoked permission or a
 * mistyped scope than every issue vanishing at once. Marking them all deleted would empty every
 * program's graph, so the pass refuses and leaves the stored items as they are.
 */
export class EmptyScopeError extends Error {
  override readonly name = 'EmptyScopeError';
  constructor(
    readonly sourceName: string,
    readonly stored: number,
  ) {
    super(`source "${sourceName}": the scope listing returned no issues; refusing to mark ${stored} stored items deleted`);
  }
}

export function assertLiveSetPlausible(sourceName: string, live: number, stored: number): void {
  if (live === 0 && stored > 0) throw new EmptyScopeError(sourceName, stored);
}
