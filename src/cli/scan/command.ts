/** Registers `vigil scan` on the CLI. It needs no configuration, database or Redis. */
import type { Command } from "commander";
import { formatJsonLines, formatTable } from "./format.js";
import { runScan } from "./scan.js";
import { reportCliError } from "../cli-error.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

type ScanFlags = {
  threatList: string[];
  trustedList: string[];
  feed: string[];
  format: string;
  awsIpRanges?: string;
  s3DataEvents: boolean;
  baselineFrom: string[];
  learningDays?: string;
  trustedAccount: string[];
  organizationAccount: string[];
  rules: string[];
};

const ACCOUNT_ID = /^\d{12}$/;

export function registerScanCommand(program: Command): void {
  program
    .command("scan")
    .description(
      "scan CloudTrail, VPC Flow Log and Route 53 Resolver query log files or folders offline (gzip or not, kind detected " +
        "from content) and print GuardDuty-format findings; exits 0 whether or not it finds something",
    )
    .argument("<paths...>", "log files or folders (read recursively)")
    .option("--threat-list <file>", "threat list (TXT, one IP, CIDR or domain per line); repeatable", collect, [])
    .option("--trusted-list <file>", "trusted list (TXT); no finding is raised for its entries; repeatable", collect, [])
    .option("--feed <category=file>", "managed feed (TXT) of a category such as TOR_EXIT or MALICIOUS_IP; repeatable", collect, [])
    .option("--format <format>", "json (one finding per line) or table", "table")
    .option("--aws-ip-ranges <file>", "a newer AWS ip-ranges.json (gzip'd or not) instead of the bundled snapshot")
    .option("--no-s3-data-events", "ignore S3 object-level events (GuardDuty without S3 Protection)")
    .option("--baseline-from <path>", "older logs (file or folder) to learn behaviour baselines from before scanning; repeatable", collect, [])
    .option("--rules <path>", "Sigma rule file or folder (*.yml) to run beside the managed rules; repeatable", collect, [])
    .option("--learning-days <days>", "days of event time an identity or instance is observed before anomaly findings (default 7)")
    .option("--trusted-account <id>", "an account id never treated as outside (as VIGIL_TRUSTED_ACCOUNT_IDS); repeatable", collect, [])
    .option("--organization-account <id>", "an account of the organization (administrator or member) Vigil would know; repeatable", collect, [])
    .action(async (paths: string[], flags: ScanFlags) => {
      if (flags.format !== "json" && flags.format !== "table") {
        process.stderr.write(`vigil scan: --format must be json or table, not "${flags.format}"\n`);
        process.exitCode = 2;
        return;
      }
      const learningDays = flags.learningDays === undefined ? undefined : Number(flags.learningDays);
      if (learningDays !== undefined && !(learningDays >= 0)) {
        process.stderr.write(`vigil scan: --learning-days must be a number of days, not "${flags.learningDays}"\n`);
        process.exitCode = 2;
        return;
      }
      const badAccount = [...flags.trustedAccount, ...flags.organizationAccount].find((id) => !ACCOUNT_ID.test(id));
      if (badAccount !== undefined) {
        process.stderr.write(`vigil scan: --trusted-account and --organization-account take a 12-digit account id, not "${badAccount}"\n`);
        process.exitCode = 2;
        return;
      }
      try {
        const { findings, stats } = await runScan({
          paths,
          threatLists: flags.threatList,
          trustedLists: flags.trustedList,
          feeds: flags.feed,
          awsRangesFile: flags.awsIpRanges,
          settings: { s3DataEvents: flags.s3DataEvents, trustedAccountIds: new Set(flags.trustedAccount), affiliatedAccountIds: new Set(flags.organizationAccount) },
          baselineFrom: flags.baselineFrom,
          rules: flags.rules,
          baseline: learningDays === undefined ? {} : { learningPeriodMs: learningDays * 86_400_000 },
          warn: (message) => process.stderr.write(`vigil scan: ${message}\n`),
        });
        process.stdout.write(flags.format === "json" ? formatJsonLines(findings) : formatTable(findings));
        process.stderr.write(
          `vigil scan: ${stats.logFiles} log file(s), ${stats.events} event(s), ${stats.brokenRecords} broken record(s), ` +
            `${stats.skippedFiles} file(s) skipped; ${findings.length} finding(s)` +
            (stats.baselineFiles ? `; baselines learned from ${stats.baselineFiles} file(s), ${stats.baselineEvents} event(s)` : "") +
            (stats.customRules || stats.refusedRules ? `; ${stats.customRules} Sigma rule(s) run, ${stats.refusedRules} left out` : "") +
            "\n",
        );
      } catch (error) {
        reportCliError("vigil scan", error);
      }
    });
}
