/**
 * Registers `vigil rules backtest` on the CLI. The backtest's code (and its progress bar) is loaded
 * when the command runs, so `vigil scan` starts without it.
 */
import type { Command } from "commander";
import { reportCliError } from "../cli-error.js";
import { BacktestCommandError } from "./backtest-error.js";

export function registerRulesCommand(program: Command): void {
  const rules = program.command("rules").description("custom detection rules on a running Vigil (VIGIL_URL, VIGIL_API_KEY)");
  rules
    .command("backtest")
    .description("run a Sigma rule over the detector's stored logs in a time range, with a progress bar; raises nothing")
    .requiredOption("--detector <id>", "the detector (your own)")
    .requiredOption("--rule <file>", "the Sigma rule's YAML file")
    .requiredOption("--from <time>", "start of the range (ISO 8601)")
    .requiredOption("--to <time>", "end of the range (ISO 8601)")
    .option("--url <url>", "the API's base URL", process.env.VIGIL_URL ?? "http://127.0.0.1:4000")
    .action(async (options: { detector: string; rule: string; from: string; to: string; url: string }) => {
      try {
        const apiKey = process.env.VIGIL_API_KEY;
        if (!apiKey) throw new BacktestCommandError("set VIGIL_API_KEY to the account's API key (vk_…)");
        const { formatBacktest, runBacktest } = await import("./backtest.js");
        process.stdout.write(formatBacktest(await runBacktest({ ...options, apiKey })));
      } catch (error) {
        reportCliError("vigil rules backtest", error);
      }
    });
}
