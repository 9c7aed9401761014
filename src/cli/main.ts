import "reflect-metadata";
import { Command } from "commander";
import { ConfigError, loadSettings, type Settings } from "../config.js";
import { DatabaseUnreachableError, MigrationError, migrate } from "../db/migrator.js";
import { createLogger, type Logger } from "../logger.js";
import { type Role, StartupError, resolveDatabaseUrl, startVigil } from "../runtime.js";
import { registerScanCommand } from "./scan/command.js";
import { registerImportCommand } from "./import.js";
import { registerRulesCommand } from "./rules/backtest.js";
import { reportCliError } from "./cli-error.js";

function settingsOrExit(): Settings {
  try {
    return loadSettings();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`vigil: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

function fail(logger: Logger, error: unknown): never {
  if (error instanceof StartupError || error instanceof MigrationError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`vigil: ${error.message}\n`);
  } else {
    logger.fatal({ err: error }, "vigil stopped on an unexpected error");
  }
  process.exit(1);
}

async function runRole(role: Role): Promise<void> {
  const settings = settingsOrExit();
  const logger = createLogger(settings.logLevel);
  let running;
  try {
    running = await startVigil(role, settings, logger);
  } catch (error) {
    fail(logger, error);
  }
  logger.info({ role, pid: process.pid }, "vigil is running");
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new work, finishing what is in flight");
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: settings.shutdownTimeoutMs }, "shutdown timed out; exiting (unfinished jobs will be retried)");
      process.exit(1);
    }, settings.shutdownTimeoutMs);
    timer.unref();
    running.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => fail(logger, error),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

async function runMigrate(): Promise<void> {
  const settings = settingsOrExit();
  const logger = createLogger(settings.logLevel, "stderr");
  const stoppers: Array<() => Promise<void>> = [];
  try {
    const url = await resolveDatabaseUrl(settings, logger, stoppers);
    const { applied, alreadyApplied } = await migrate(url);
    process.stdout.write(`applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(", ")}` : ""}; ${alreadyApplied.length} already applied\n`);
  } catch (error) {
    fail(logger, error);
  } finally {
    for (const stop of stoppers) await stop();
  }
}

const program = new Command()
  .name("vigil")
  .description("Self-hosted threat detection for AWS accounts, modelled on Amazon GuardDuty.")
  .showHelpAfterError();
program.command("start", { isDefault: true }).description("API and workers in one process (default)").action(() => runRole("start"));
program.command("serve").description("GraphQL API only (HTTP and WebSocket)").action(() => runRole("serve"));
program.command("worker").description("BullMQ workers only").action(() => runRole("worker"));
program.command("migrate").description("apply pending database migrations and exit").action(runMigrate);
registerScanCommand(program);
registerImportCommand(program);
registerRulesCommand(program);

// The last resort for a command that let an error through: still one line.
program.parseAsync(process.argv).catch((error: unknown) => reportCliError("vigil", error));
