/** Part of the sync engine's page pipeline (prepare page N+1 while page N commits). */

/**
 * True when `promise` has rejected by the next macrotask, i.e. failed without doing any I/O. A
 * database commit always takes longer, so waiting this long costs the pipeline nothing.
 */
export function failsAtOnce(promise: Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    promise.then(
      () => resolve(false),
      () => resolve(true),
    );
    setImmediate(() => resolve(false));
  });
}
