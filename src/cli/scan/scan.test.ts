import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Command } from "commander";
import type { AnomalyDetection } from "../../detection/baselines/anomaly.js";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import { apiCall } from "../../detection/testing/cloudtrail.js";
import { readFixture } from "../../detection/testing/fixtures.js";
import { registerScanCommand } from "./command.js";
import { formatJsonLines, formatTable } from "./format.js";
import { runScan } from "./scan.js";
import { ScanError } from "./scan-error.js";

const geo: GeoLookup = { lookup: (address) => (/^[\d:]/.test(address) ? { ipAddressV4: address } : undefined) };
const NO_LISTS = { threatLists: [], trustedLists: [], feeds: [] };
const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-detonations.json");

/** A folder shaped like a CloudTrail bucket download, plus files that are not logs. */
function logFolder(): string {
  const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-"));
  const delivered = path.join(root, "AWSLogs", "143434273843", "CloudTrail", "us-east-1", "2024", "07", "31");
  mkdirSync(delivered, { recursive: true });
  const stop = { Records: stratus["aws.defense-evasion.cloudtrail-stop"] };
  writeFileSync(path.join(delivered, "143434273843_CloudTrail_us-east-1_20240731T1305Z_abc.json.gz"), gzipSync(JSON.stringify(stop)));
  const scanner = apiCall({ sourceIPAddress: "81.2.69.142", eventName: "ListUsers", eventSource: "iam.amazonaws.com" });
  const lines = [scanner, { ...scanner, eventID: "second", eventTime: "2026-03-01T11:00:00Z" }].map((record) => JSON.stringify(record)).join("\n");
  writeFileSync(path.join(root, "exported.jsonl"), lines);
  writeFileSync(path.join(root, "array.json"), JSON.stringify(stratus["aws.defense-evasion.cloudtrail-event-selectors"]));
  writeFileSync(path.join(root, "README.md"), "# notes\n");
  writeFileSync(path.join(root, "threats.txt"), "# incident 42\n81.2.69.0/24\n");
  return root;
}

describe("runScan", () => {
  it("reads delivered, array and line-per-record CloudTrail in folders, skips what is not a log, and aggregates findings", async () => {
    const root = logFolder();
    const warnings: string[] = [];
    const { findings, stats } = await runScan({ paths: [root], ...NO_LISTS, threatLists: [path.join(root, "threats.txt")], geo, warn: (m) => warnings.push(m) });
    expect(stats).toMatchObject({ files: 5, logFiles: 3, events: 4, brokenRecords: 0, skippedFiles: 2 });
    expect(warnings).toHaveLength(2);
    expect(warnings.join("\n")).toMatch(/README\.md/);
    const byType = Object.fromEntries(findings.map((finding) => [finding.type, finding]));
    expect(Object.keys(byType).sort()).toEqual(["Recon:IAMUser/MaliciousIPCaller.Custom", "Stealth:IAMUser/CloudTrailLoggingDisabled"]);
    expect(findings.filter((finding) => finding.type === "Stealth:IAMUser/CloudTrailLoggingDisabled")).toHaveLength(2);
    const custom = byType["Recon:IAMUser/MaliciousIPCaller.Custom"];
    expect(custom.service.count).toBe(2);
    expect(custom.service.evidence?.threatIntelligenceDetails).toEqual([{ threatListName: "threats.txt", threatNames: expect.any(Array) }]);
  });

  it("reads an organisation trail's layout whole, each finding carrying the account its events name", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-"));
    const accounts = ["111100000001", "111100000002", "111100000003"];
    for (const [index, account] of accounts.entries()) {
      const folder = path.join(root, "AWSLogs", "o-exampleorg1", account, "CloudTrail", "us-east-1", "2026", "03", "01");
      mkdirSync(folder, { recursive: true });
      const rootCall = apiCall({
        eventID: `root-${account}`,
        userIdentity: { type: "Root", principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account },
        recipientAccountId: account,
      });
      writeFileSync(path.join(folder, `${account}_CloudTrail_us-east-1_20260301T1005Z_${index}.json.gz`), gzipSync(JSON.stringify({ Records: [rootCall] })));
    }
    const { findings } = await runScan({ paths: [root], ...NO_LISTS, geo });
    const rootFindings = findings.filter((finding) => finding.type === "Policy:IAMUser/RootCredentialUsage");
    expect(rootFindings.map((finding) => [finding.accountId, finding.arn.split(":")[4]]).sort()).toEqual(accounts.map((account) => [account, account]));
  });

  it("raises no finding for a caller on the trusted list", async () => {
    const root = logFolder();
    writeFileSync(path.join(root, "trusted.txt"), "81.2.69.142\n");
    const { findings } = await runScan({ paths: [path.join(root, "exported.jsonl")], threatLists: [path.join(root, "threats.txt")], trustedLists: [path.join(root, "trusted.txt")], feeds: [], geo });
    expect(findings).toEqual([]);
  });

  it("uses managed feeds with their category", async () => {
    const root = logFolder();
    writeFileSync(path.join(root, "tor.txt"), "81.2.69.142\n");
    const { findings } = await runScan({ paths: [path.join(root, "exported.jsonl")], ...NO_LISTS, feeds: [`TOR_EXIT=${path.join(root, "tor.txt")}`], geo });
    expect(findings.map((finding) => finding.type)).toEqual(["Recon:IAMUser/TorIPCaller"]);
  });

  it("fails on a path that cannot be read, on a named file that is not a log, and on a bad list", async () => {
    const root = logFolder();
    await expect(runScan({ paths: [path.join(root, "missing")], ...NO_LISTS, geo })).rejects.toThrow(ScanError);
    await expect(runScan({ paths: [path.join(root, "README.md")], ...NO_LISTS, geo })).rejects.toThrow(/README\.md/);
    await expect(runScan({ paths: [root], ...NO_LISTS, threatLists: [path.join(root, "nope.txt")], geo })).rejects.toThrow(/nope\.txt/);
    await expect(runScan({ paths: [root], ...NO_LISTS, feeds: ["EVIL=x.txt"], geo })).rejects.toThrow(/CATEGORY=FILE/);
  });
});

describe("behaviour baselines in a scan", () => {
  const day = (n: number) => new Date(Date.UTC(2026, 1, 1 + n, 9)).toISOString().replace(".000", "");
  function folders(): { history: string; recent: string } {
    const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-baselines-"));
    const routine = Array.from({ length: 10 }, (_, n) => apiCall({ eventTime: day(n), eventID: `routine-${n}` }));
    const theft = apiCall({ eventTime: day(12), eventID: "theft", eventSource: "iam.amazonaws.com", eventName: "CreateAccessKey", readOnly: false, userAgent: "python-requests/2.31.0" });
    writeFileSync(path.join(root, "history.jsonl"), routine.map((record) => JSON.stringify(record)).join("\n"));
    writeFileSync(path.join(root, "recent.jsonl"), JSON.stringify(theft));
    return { history: path.join(root, "history.jsonl"), recent: path.join(root, "recent.jsonl") };
  }

  it("learns from --baseline-from logs first, then raises the anomaly with its baseline", async () => {
    const { history, recent } = folders();
    const { findings, stats } = await runScan({ paths: [recent], baselineFrom: [history], ...NO_LISTS, geo });
    expect(stats).toMatchObject({ baselineFiles: 1, baselineEvents: 10, events: 1 });
    const [finding] = findings.filter((f) => f.type === "Persistence:IAMUser/AnomalousBehavior");
    expect((finding.service.detection as AnomalyDetection | undefined)?.anomaly.unusual.behavior["arn:aws:iam::111122223333:user/alice"].userAgent.observations.text).toEqual(["python-requests"]);
    expect(finding.description).toMatch(/baseline of arn:aws:iam::111122223333:user\/alice/);
  });

  it("raises no anomaly for an identity still in its learning period", async () => {
    const { history, recent } = folders();
    const { findings } = await runScan({ paths: [recent], baselineFrom: [history], baseline: { learningPeriodMs: 30 * 86_400_000 }, ...NO_LISTS, geo });
    expect(findings.filter((f) => f.type.endsWith("AnomalousBehavior"))).toEqual([]);
    expect((await runScan({ paths: [recent], ...NO_LISTS, geo })).findings.filter((f) => f.type.endsWith("AnomalousBehavior"))).toEqual([]);
  });
});

describe("output formats", () => {
  it("prints one finding per JSON line, and a table with one row per finding", async () => {
    const { findings } = await runScan({ paths: [logFolder()], ...NO_LISTS, geo, warn: () => undefined });
    const lines = formatJsonLines(findings).trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(findings.map((finding) => finding.id));
    const table = formatTable(findings).trimEnd().split("\n");
    expect(table[0]).toMatch(/^SEVERITY\s+TYPE\s+COUNT/);
    expect(table.slice(1).every((row) => row.startsWith("Low (2.0)"))).toBe(true);
    expect(table).toHaveLength(findings.length + 1);
    expect(formatTable([])).toBe("No findings.\n");
  });
});

describe("vigil scan command", () => {
  async function run(args: string[]): Promise<{ stdout: string; exitCode: number | undefined }> {
    const program = new Command().exitOverride();
    registerScanCommand(program);
    let stdout = "";
    const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    process.exitCode = undefined;
    try {
      await program.parseAsync(["node", "vigil", "scan", ...args]);
      return { stdout, exitCode: process.exitCode };
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.exitCode = undefined;
    }
  }

  it("exits 0 with findings, and non-zero on an unreadable path or a bad format", async () => {
    const root = logFolder();
    const found = await run([root, "--format", "json"]);
    expect(found.exitCode).toBeUndefined();
    expect(found.stdout.trimEnd().split("\n").map((line) => JSON.parse(line).type)).toContain("Stealth:IAMUser/CloudTrailLoggingDisabled");
    expect((await run([path.join(root, "missing")])).exitCode).toBe(1);
    expect((await run([root, "--format", "xml"])).exitCode).toBe(2);
    expect((await run([root, "--learning-days", "soon"])).exitCode).toBe(2);
    expect((await run([root, "--trusted-account", "12345"])).exitCode).toBe(2);
  });

  it("treats a snapshot shared with a trusted or organization account as inside, and any other account as outside", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-"));
    const share = (account: string, eventID: string) =>
      apiCall({
        eventID,
        eventName: "ModifySnapshotAttribute",
        readOnly: false,
        requestParameters: { snapshotId: `snap-${eventID}`, attributeType: "CREATE_VOLUME_PERMISSION", createVolumePermission: { add: { items: [{ userId: account }] } } },
      });
    const records = [share("999988887777", "unknown"), share("444455556666", "trusted"), share("777766665555", "member")];
    writeFileSync(path.join(root, "shares.json"), JSON.stringify({ Records: records }));
    const shared = async (...flags: string[]) => {
      const { stdout } = await run([root, "--format", "json", ...flags]);
      return stdout.trimEnd().split("\n").filter((line) => line !== "").map((line) => JSON.parse(line)).filter((finding) => finding.type === "Exfiltration:IAMUser/SnapshotSharedOutside");
    };
    expect(await shared()).toHaveLength(3);
    const outside = await shared("--trusted-account", "444455556666", "--organization-account", "777766665555");
    expect(outside.map((finding) => finding.service.action.awsApiCallAction.remoteAccountDetails.accountId)).toEqual(["999988887777"]);
  });
});
