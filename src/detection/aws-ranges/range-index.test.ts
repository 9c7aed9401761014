import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadAwsRanges } from "./load.js";
import { AwsRangeIndex } from "./range-index.js";

describe("AwsRangeIndex", () => {
  const index = new AwsRangeIndex({
    createDate: "2026-01-01-00-00-00",
    prefixes: [
      { ip_prefix: "52.0.0.0/11", region: "GLOBAL", service: "AMAZON" },
      { ip_prefix: "52.16.0.0/15", region: "eu-west-1", service: "AMAZON" },
      { ip_prefix: "52.16.0.0/15", region: "eu-west-1", service: "EC2" },
      { ip_prefix: "not-a-prefix", region: "x", service: "y" },
    ],
    ipv6_prefixes: [{ ipv6_prefix: "2600:1f18::/33", region: "us-east-1", service: "EC2" }],
  });

  it("answers the most specific prefix and names its service rather than the catch-all AMAZON", () => {
    expect(index.find("52.17.1.2")).toEqual({ prefix: "52.16.0.0/15", region: "eu-west-1", service: "EC2" });
    expect(index.find("52.30.0.1")).toEqual({ prefix: "52.0.0.0/11", region: "GLOBAL", service: "AMAZON" });
  });

  it("handles IPv6, IPv4-mapped IPv6, and text that is not an address", () => {
    expect(index.find("2600:1f18:4000::10")?.service).toBe("EC2");
    expect(index.find("2600:1f18:8000::10")).toBeUndefined();
    expect(index.find("::ffff:52.17.1.2")?.service).toBe("EC2");
    expect(index.find("81.2.69.142")).toBeUndefined();
    expect(index.find("ec2.amazonaws.com")).toBeUndefined();
  });
});

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
