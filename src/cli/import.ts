/**
 * `vigil import PATH… --log-source ID`: backfills a log source from local files, with a progress bar.
 * The pipeline's code is loaded when the command runs, so other commands (`vigil scan`) start without it.
 */
import type { Command } from "commander";
import type { Settings } from "../config.js";
import { ConfigError } from "../config-error.js";
import { reportCliError } from "./cli-error.js";

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("backfill a log source from local files or folders (read recursively), through the same processing as the workers; files imported before are skipped")
    .argument("<paths...>", "log files or folders")
    .requiredOption("--log-source <id>", "the log source the files belong to (its detector, kind and counters)")
    .action(async (paths: string[], flags: { logSource: string }) => {
      let settings: Settings;
      const { loadSettings } = await import("../config.js");
      try {
        settings = loadSettings();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`vigil: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const { createLogger } = await import("../logger.js");
      const logger = createLogger(settings.logLevel, "stderr");
      try {
        const { runImport } = await import("./import-run.js");
        process.exitCode = await runImport(paths, flags.logSource, settings, logger);
      } catch (error) {
        reportCliError("vigil import", error, (err) => logger.debug({ err }, "import failed"));
      }
    });
}
