import { AwsRangeIndex, parseIpRangesDocument } from "./range-index.js";

describe("AwsRangeIndex", () => {
  const index = AwsRangeIndex.fromDocument({
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

  it("finds addresses at both ends of a prefix wider than a /16 and of one narrower, and misses just outside them", () => {
    const edges = AwsRangeIndex.fromDocument({
      prefixes: [
        { ip_prefix: "3.0.0.0/9", region: "us-east-1", service: "AMAZON" },
        { ip_prefix: "18.34.232.0/21", region: "us-east-1", service: "S3" },
        { ip_prefix: "0.0.0.0/0", region: "GLOBAL", service: "EVERYTHING" },
      ],
    });
    expect(edges.find("3.0.0.0")?.service).toBe("AMAZON");
    expect(edges.find("3.127.255.255")?.service).toBe("AMAZON");
    expect(edges.find("18.34.232.0")?.service).toBe("S3");
    expect(edges.find("18.34.239.255")?.service).toBe("S3");
    expect(edges.find("18.34.240.0")?.service).toBe("EVERYTHING");
    expect(index.find("52.31.255.255")?.service).toBe("AMAZON");
    expect(index.find("52.32.0.0")).toBeUndefined();
    expect(index.find("51.255.255.255")).toBeUndefined();
  });
});

describe("parseIpRangesDocument", () => {
  it("reads the text of an ip-ranges.json for an index and refuses text that is not one, naming its source", () => {
    const text = JSON.stringify({ createDate: "2027-01-01-00-00-00", prefixes: [{ ip_prefix: "81.2.69.0/24", region: "eu-west-2", service: "EC2" }] });
    expect(AwsRangeIndex.fromDocument(parseIpRangesDocument(text, "newer.json")).find("81.2.69.142")?.region).toBe("eu-west-2");
    expect(() => parseIpRangesDocument(JSON.stringify({ hello: "world" }), "wrong.json")).toThrow(/^wrong.json is not AWS's ip-ranges.json: no "prefixes"/);
    expect(() => parseIpRangesDocument("{", "broken.json")).toThrow(/^broken.json is not AWS's ip-ranges.json/);
  });
});
