/** Registers `vigil scan` on the CLI. It needs no configuration, database or Redis. */
import type { Command } from "commander";
import { formatJsonLines, formatTable } from "./format.js";
import { runScan } from "./scan.js";
import { ScanError } from "./scan-error.js";

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
};

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
    .action(async (paths: string[], flags: ScanFlags) => {
      if (flags.format !== "json" && flags.format !== "table") {
        process.stderr.write(`vigil scan: --format must be json or table, not "${flags.format}"\n`);
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
          settings: { s3DataEvents: flags.s3DataEvents },
          warn: (message) => process.stderr.write(`vigil scan: ${message}\n`),
        });
        process.stdout.write(flags.format === "json" ? formatJsonLines(findings) : formatTable(findings));
        process.stderr.write(
          `vigil scan: ${stats.logFiles} log file(s), ${stats.events} event(s), ${stats.brokenRecords} broken record(s), ` +
            `${stats.skippedFiles} file(s) skipped; ${findings.length} finding(s)\n`,
        );
      } catch (error) {
        if (!(error instanceof ScanError)) throw error;
        process.stderr.write(`vigil scan: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
