import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { GeoLookup } from "../../detection/geo/geo-lookup.js";
import type { SequenceDetection } from "../../detection/sequences/sequence-types.js";
import { attackRecords } from "../../detection/testing/attack-story.js";
import { runScan } from "./scan.js";

const geo: GeoLookup = { lookup: (address) => (/^[\d:]/.test(address) ? { ipAddressV4: address } : undefined) };
const NO_LISTS = { threatLists: [], trustedLists: [], feeds: [] };

/** The stolen key's story cut into two log files, as two delivered objects would carry it. */
function storyInTwoFiles(): string {
  const root = mkdtempSync(path.join(tmpdir(), "vigil-scan-sequence-"));
  const records = attackRecords();
  writeFileSync(path.join(root, "1-first.json"), JSON.stringify({ Records: records.slice(0, 22) }));
  writeFileSync(path.join(root, "2-second.json"), JSON.stringify({ Records: records.slice(22) }));
  return root;
}

describe("runScan: attack sequences", () => {
  it("follows one story across files into one Critical sequence whose members name it", async () => {
    const { findings } = await runScan({ paths: [storyInTwoFiles()], ...NO_LISTS, geo });
    const sequences = findings.filter((finding) => finding.type.startsWith("AttackSequence:"));
    expect(sequences.map((finding) => finding.type)).toEqual(["AttackSequence:IAM/CompromisedCredentials"]);
    const [sequence] = sequences;
    expect(sequence.severity).toBe(10);
    expect(sequence.description).toMatch(/12:01 enumerated 12 APIs in 7 services; .*12:05 .*secrets.*; 12:08 .*access key.*backup-svc; 12:10 CloudTrail logging was disabled.*; 12:14 RDS snapshot prod-db-final was shared/);
    const members = (sequence.service.detection as SequenceDetection).sequence.signals.filter((signal) => signal.type === "FINDING").map((signal) => signal.uid);
    const memberTypes = members.map((id) => findings.find((finding) => finding.id === id)?.type);
    expect(memberTypes).toEqual(expect.arrayContaining(["Stealth:IAMUser/CloudTrailLoggingDisabled", "Exfiltration:IAMUser/SnapshotSharedOutside"]));
    for (const id of members) expect(findings.find((finding) => finding.id === id)?.associatedAttackSequenceArn).toBe(sequence.arn);
  });

  it("takes its threshold from the scan's settings", async () => {
    const { findings } = await runScan({ paths: [storyInTwoFiles()], ...NO_LISTS, geo, sequences: { minStages: 5 } });
    expect(findings.filter((finding) => finding.type.startsWith("AttackSequence:"))).toEqual([]);
  });
});
