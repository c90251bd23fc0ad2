/** Errors of the forecast engine, each carrying what the caller needs to fix the input. */

/** No usable history: forecasting would mean inventing numbers. */
export class InsufficientHistoryError extends Error {
  override readonly name = 'InsufficientHistoryError';
  constructor(
    message: string,
    /** Teams whose open items needed a distribution that does not exist. */
    readonly teams: readonly string[],
  ) {
    super(message);
  }
}

/** An offline input file failed validation; `path` points at the offending field. */
export class ForecastInputError extends Error {
  override readonly name = 'ForecastInputError';
  constructor(
    message: string,
    readonly file: 'graph' | 'history' | 'options',
    readonly path: string,
  ) {
    super(message);
  }
}
