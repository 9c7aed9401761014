import { Command } from "commander";
import type { Settings } from "../config.js";
import { ConfigError } from "../config-error.js";
import type { Logger } from "../logger.js";
import type { Role } from "../runtime.js";
import { StartupError } from "../startup-error.js";
import { registerScanCommand } from "./scan/command.js";
import { registerImportCommand } from "./import.js";
import { registerRulesCommand } from "./rules/command.js";
import { reportCliError } from "./cli-error.js";

async function settingsOrExit(): Promise<Settings> {
  const { loadSettings } = await import("../config.js");
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

/**
 * The server's code (GraphQL schema, workers, Prisma) is loaded by the commands that run it, so
 * `vigil scan` and `vigil import` start without paying for it.
 */
async function serverCode() {
  await import("reflect-metadata");
  const [runtime, migrator] = await Promise.all([import("../runtime.js"), import("../db/migrator.js")]);
  return { ...runtime, ...migrator };
}

type ServerCode = Awaited<ReturnType<typeof serverCode>>;

function fail(logger: Logger, error: unknown, code: ServerCode): never {
  if (error instanceof StartupError || error instanceof code.MigrationError || error instanceof code.DatabaseUnreachableError) {
    process.stderr.write(`vigil: ${error.message}\n`);
  } else {
    logger.fatal({ err: error }, "vigil stopped on an unexpected error");
  }
  process.exit(1);
}

async function runRole(role: Role): Promise<void> {
  const settings = await settingsOrExit();
  const { createLogger } = await import("../logger.js");
  const logger = createLogger(settings.logLevel);
  const code = await serverCode();
  let running;
  try {
    running = await code.startVigil(role, settings, logger);
  } catch (error) {
    fail(logger, error, code);
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
      (error: unknown) => fail(logger, error, code),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

async function runMigrate(): Promise<void> {
  const settings = await settingsOrExit();
  const { createLogger } = await import("../logger.js");
  const logger = createLogger(settings.logLevel, "stderr");
  const stoppers: Array<() => Promise<void>> = [];
  const code = await serverCode();
  try {
    const url = await code.resolveDatabaseUrl(settings, logger, stoppers);
    const { applied, alreadyApplied } = await code.migrate(url);
    process.stdout.write(`applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(", ")}` : ""}; ${alreadyApplied.length} already applied\n`);
  } catch (error) {
    fail(logger, error, code);
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
