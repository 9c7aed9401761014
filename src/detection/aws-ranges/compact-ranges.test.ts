import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { BUNDLED_AWS_RANGES_FILE } from "../../reference-data/aws-ranges.js";
import { formatIpv4 } from "../intel/address/ipv4.js";
import { decodeCompactRanges, encodeCompactRanges } from "./compact-ranges.js";
import { AwsRangeIndex, type IpRangesDocument } from "./range-index.js";

const snapshot = JSON.parse(gunzipSync(readFileSync(BUNDLED_AWS_RANGES_FILE)).toString("utf8")) as IpRangesDocument;

/** Addresses at, inside and just outside the ends of every prefix, and across the address space. */
function probes(document: IpRangesDocument): string[] {
  const addresses: string[] = [];
  for (const { ip_prefix } of document.prefixes ?? []) {
    const [network, length] = ip_prefix!.split("/");
    const [a, b, c, d] = network.split(".").map(Number);
    const start = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const end = start + 2 ** (32 - Number(length)) - 1;
    for (const value of [start - 1, start, start + 1, end - 1, end, end + 1]) if (value >= 0 && value <= 0xffffffff) addresses.push(formatIpv4(value));
  }
  for (let value = 0; value < 2 ** 32; value += 7_654_321) addresses.push(formatIpv4(value));
  for (const { ipv6_prefix } of document.ipv6_prefixes ?? []) {
    const network = ipv6_prefix!.split("/")[0];
    addresses.push(network, network.replace(/::$/, "::1"), network.replace(/::$/, ":ffff::1"));
  }
  return addresses;
}

describe("compact AWS ranges", () => {
  const digest = "a".repeat(64);

  it("answers every address as the index built from the JSON does", () => {
    const fromJson = AwsRangeIndex.fromDocument(snapshot);
    const fromCompact = decodeCompactRanges(encodeCompactRanges(snapshot, digest), digest)!;
    expect(fromCompact.createDate).toBe("2026-08-22-15-17-05");
    const addresses = probes(snapshot);
    expect(addresses.length).toBeGreaterThan(60_000);
    const answers = (index: AwsRangeIndex) => addresses.map((address) => index.find(address));
    const expected = answers(fromJson);
    expect(expected.filter(Boolean).length).toBeGreaterThan(40_000);
    expect(expected.filter((answer) => answer === undefined).length).toBeGreaterThan(1_000);
    expect(answers(fromCompact)).toEqual(expected);
  });

  it("is refused when made from another file or when the bytes are not of its format", () => {
    const bytes = encodeCompactRanges({ prefixes: [{ ip_prefix: "81.2.69.0/24", region: "eu-west-2", service: "EC2" }] }, digest);
    expect(decodeCompactRanges(bytes, "b".repeat(64))).toBeUndefined();
    expect(decodeCompactRanges(Buffer.from("not compact ranges"), digest)).toBeUndefined();
    expect(decodeCompactRanges(Buffer.alloc(2), digest)).toBeUndefined();
    expect(decodeCompactRanges(bytes, digest)!.find("81.2.69.142")).toEqual({ prefix: "81.2.69.0/24", region: "eu-west-2", service: "EC2" });
  });
});
