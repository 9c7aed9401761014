import { ConfigError } from "../config-error.js";
import { DatabaseUnreachableError, MigrationError } from "../db/migration-errors.js";
import { ImportError } from "../ingest/import/import-error.js";
import { StartupError } from "../startup-error.js";
import { SecretKeyError } from "../services/secrets/secret-key.js";
import { ScanError } from "./scan/scan-error.js";
import { BacktestCommandError } from "./rules/backtest-error.js";

/** For commands without a logger: the stack on stderr, only with LOG_LEVEL=debug or trace. */
function stackWhenDebugging(error: unknown): void {
  if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? "")) process.stderr.write(`${(error as Error | null)?.stack ?? String(error)}\n`);
}

/** Errors whose message is a sentence an operator can act on. */
const EXPLAINED = [ConfigError, DatabaseUnreachableError, MigrationError, ImportError, StartupError, SecretKeyError, ScanError, BacktestCommandError];

/**
 * How a CLI command ends on an error: one line on stderr and exit code 1, never a stack trace. Anything
 * unexplained is named by its message, with its stack on the debug log.
 */
export function reportCliError(command: string, error: unknown, debug: (error: unknown) => void = stackWhenDebugging): void {
  const explained = EXPLAINED.some((kind) => error instanceof kind);
  if (!explained) debug(error);
  const message = ((error as Error | null)?.message || String(error)).split("\n")[0];
  process.stderr.write(`${command}: ${message}${explained ? "" : " (unexpected; LOG_LEVEL=debug shows where)"}\n`);
  process.exitCode = 1;
}
