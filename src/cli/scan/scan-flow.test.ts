import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import { T0, v2 } from "../../detection/testing/flow-records.js";
import { PROJECT_ROOT } from "../../paths.js";
import { runScan } from "./scan.js";

const geo: GeoLookup = { lookup: () => undefined };
const HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

/** Flow-log objects as delivered to S3: gzip'd, named by account, region and time, with a header line. */
function flowFolder(parts: string[][]): string {
  const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-flow-"));
  parts.forEach((lines, i) => {
    const name = `111122223333_vpcflowlogs_eu-west-1_fl-0a1b2c3d_20260101T000${i}Z_part${i}.log.gz`;
    writeFileSync(path.join(root, name), gzipSync([HEADER, ...lines].join("\n") + "\n"));
  });
  return root;
}

describe("vigil scan with windowed flow rules", () => {
  it("raises a window's finding once, however many later files and batches add to the window", async () => {
    const scan = Array.from({ length: 90 }, (_, i) => v2({ src: "10.0.1.5", dst: "10.0.2.9", srcPort: 41000 + i, dstPort: i + 1, packets: 2, bytes: 120, start: T0 + i, action: "REJECT" }));
    const ssh = Array.from({ length: 90 }, (_, i) => v2({ src: "81.2.69.142", dst: "10.0.2.9", srcPort: 50000 + i, dstPort: 22, packets: 24, bytes: 3000, start: T0 + i }));
    const root = flowFolder([0, 1, 2].map((part) => [...scan.slice(part * 30, part * 30 + 30), ...ssh.slice(part * 30, part * 30 + 30)]));
    const { findings, stats } = await runScan({ paths: [root], threatLists: [], trustedLists: [], feeds: [], geo });
    expect(stats).toMatchObject({ logFiles: 3, events: 180 });
    expect(findings.map((finding) => [finding.type, finding.service.count, finding.service.resourceRole]).sort()).toEqual([
      ["Recon:EC2/Portscan", 1, "ACTOR"],
      ["UnauthorizedAccess:EC2/SSHBruteForce", 1, "TARGET"],
    ]);
  });
});

describe("vigil scan with CloudTrail and flow logs together", () => {
  it("describes a flow finding's instance from the RunInstances, CreateTags and StopInstances it read", async () => {
    const trail = readFileSync(path.join(PROJECT_ROOT, "test", "fixtures", "inventory", "run-tag-stop.cloudtrail.json"), "utf8").replaceAll("123412341234", "111122223333");
    const ssh = Array.from({ length: 30 }, (_, i) => v2({ eni: "eni-0f4e4d2d71627dd38", src: "81.2.69.142", dst: "10.1.0.14", srcPort: 50000 + i, dstPort: 22, packets: 24, bytes: 3000, start: T0 + i }));
    const root = flowFolder([ssh]);
    writeFileSync(path.join(root, "111122223333_CloudTrail_us-west-2_20221014T0035Z_trail.json"), trail);
    const { findings } = await runScan({ paths: [root], threatLists: [], trustedLists: [], feeds: [], geo });
    const [bruteForce] = findings.filter((finding) => finding.type === "UnauthorizedAccess:EC2/SSHBruteForce");
    expect(bruteForce.resource.instanceDetails).toMatchObject({
      instanceId: "i-0690cd354a0c3850c",
      instanceType: "t2.micro",
      instanceState: "stopped",
      tags: [
        { key: "Name", value: "fake thing whatever" },
        { key: "Team", value: "payments" },
      ],
      networkInterfaces: [{ networkInterfaceId: "eni-0f4e4d2d71627dd38", securityGroups: [{ groupId: "sg-0077c778d7ad1f5f2", groupName: "launch-wizard-1" }] }],
    });
  });
});
