import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadAwsRanges } from "./aws-ranges.js";

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
});
