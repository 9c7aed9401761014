/** A backtest command problem the user can act on: printed as one line. */
export class BacktestCommandError extends Error {}
