/** `vigil scan --rules DIR`: Sigma rule files run offline beside the managed rules. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../paths.js";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import { readFixture } from "../../detection/testing/fixtures.js";
import { formatTable } from "./format.js";
import { runScan } from "./scan.js";

const geo: GeoLookup = { lookup: () => undefined };
const NO_LISTS = { threatLists: [], trustedLists: [], feeds: [] };
const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-detonations.json");
const SIGMAHQ = path.join(PROJECT_ROOT, "test", "fixtures", "sigma", "rules");

function folders(): { logs: string; rules: string } {
  const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-rules-"));
  const logs = path.join(root, "logs");
  const rules = path.join(root, "rules");
  mkdirSync(logs);
  mkdirSync(path.join(rules, "nested"), { recursive: true });
  writeFileSync(path.join(logs, "stop.json"), JSON.stringify({ Records: stratus["aws.defense-evasion.cloudtrail-stop"] }));
  copyFileSync(path.join(SIGMAHQ, "aws_cloudtrail_disable_logging.yml"), path.join(rules, "nested", "aws_cloudtrail_disable_logging.yml"));
  copyFileSync(path.join(SIGMAHQ, "aws_delete_identity.yml"), path.join(rules, "aws_delete_identity.yml"));
  writeFileSync(path.join(rules, "broken.yml"), "title: Broken\nid: b\nauthor: me\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName|nope: X\n    condition: sel\n");
  writeFileSync(path.join(rules, "notes.txt"), "not a rule");
  return { logs, rules };
}

describe("vigil scan --rules", () => {
  it("raises the rule's finding with its title, id, author and matched eventID beside the managed findings", async () => {
    const { logs, rules } = folders();
    const warnings: string[] = [];
    const { findings, stats } = await runScan({ paths: [logs], ...NO_LISTS, rules: [rules], geo, warn: (message) => warnings.push(message) });
    expect(stats).toMatchObject({ customRules: 2, refusedRules: 1 });
    expect(warnings).toEqual([expect.stringMatching(/broken\.yml left out: line 9: field 'detection\.sel\.eventName\|nope': unknown modifier 'nope'$/)]);
    const sigma = findings.filter((finding) => finding.type.startsWith("Custom:"));
    expect(sigma.map((finding) => finding.type)).toEqual(["Custom:IAMUser/AWSCloudTrailImportantChange"]);
    const stop = stratus["aws.defense-evasion.cloudtrail-stop"]![0]!;
    expect(JSON.parse(sigma[0]!.service.additionalInfo.value)).toMatchObject({
      sigma: { title: "AWS CloudTrail Important Change", id: "4db60cc0-36fb-42b7-9b58-a5b53019fb74", author: "vitaliy0x1", matchedEvents: [stop.eventID] },
    });
    expect(formatTable(sigma)).toContain("AWS CloudTrail Important Change (Sigma rule by vitaliy0x1)");
    expect(findings.map((finding) => finding.type)).toContain("Stealth:IAMUser/CloudTrailLoggingDisabled");
  });

  it("without rule files, raises no Custom type", async () => {
    const { logs } = folders();
    const { findings, stats } = await runScan({ paths: [logs], ...NO_LISTS, geo });
    expect(stats).toMatchObject({ customRules: 0, refusedRules: 0 });
    expect(findings.filter((finding) => finding.type.startsWith("Custom:"))).toEqual([]);
  });
});
