/** A backtest request that cannot run as asked; its own module so the CLI can check flags without loading the backtest. */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
}
