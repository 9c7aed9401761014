import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeCompactRanges } from "../detection/aws-ranges/compact-ranges.js";
import { loadAwsRanges, writeCompactAwsRanges } from "./aws-ranges.js";

describe("loadAwsRanges", () => {
  it("loads the bundled snapshot once", () => {
    const bundled = loadAwsRanges();
    expect(bundled.createDate).toBe("2026-08-22-15-17-05");
    expect(bundled.find("18.236.253.47")?.service).toBe("EC2");
    expect(loadAwsRanges()).toBe(bundled);
  });

  it("loads an operator's newer file, plain JSON, and refuses a file that is not ip-ranges.json", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vigil-ranges-"));
    const newer = path.join(dir, "ip-ranges.json");
    writeFileSync(newer, JSON.stringify({ createDate: "2027-01-01-00-00-00", prefixes: [{ ip_prefix: "81.2.69.0/24", region: "eu-west-2", service: "EC2" }] }));
    expect(loadAwsRanges(newer).find("81.2.69.142")?.region).toBe("eu-west-2");
    const wrong = path.join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ hello: "world" }));
    expect(() => loadAwsRanges(wrong)).toThrow(/not AWS's ip-ranges.json/);
  });

  it("reads a file's compact form while it was made from that file, and the JSON once the file changed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vigil-ranges-"));
    const file = path.join(dir, "ip-ranges.json");
    const compact = path.join(dir, "compact", "ip-ranges.compact");
    writeFileSync(file, JSON.stringify({ createDate: "2027-01-01-00-00-00", prefixes: [{ ip_prefix: "81.2.69.0/24", region: "eu-west-2", service: "EC2" }] }));
    writeCompactAwsRanges(file, compact);
    writeFileSync(file, JSON.stringify({ createDate: "2027-02-01-00-00-00", prefixes: [{ ip_prefix: "81.2.70.0/24", region: "eu-west-3", service: "S3" }] }));
    const changed = loadAwsRanges(file, compact);
    expect(changed.createDate).toBe("2027-02-01-00-00-00");
    expect(changed.find("81.2.69.142")).toBeUndefined();
    expect(changed.find("81.2.70.1")?.service).toBe("S3");

    const bytes = readFileSync(file);
    const fewer = { createDate: "2027-02-01-00-00-00", prefixes: [{ ip_prefix: "81.2.70.0/25", region: "eu-west-1", service: "EC2" }] };
    writeFileSync(compact, encodeCompactRanges(fewer, createHash("sha256").update(bytes).digest("hex")));
    const again = path.join(dir, "again.json");
    writeFileSync(again, bytes); // another path: this process has already loaded `file`
    expect(loadAwsRanges(again, compact).find("81.2.70.1")?.region).toBe("eu-west-1");
  });
});
