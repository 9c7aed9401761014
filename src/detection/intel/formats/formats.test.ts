import { readIntelFixture } from "../../../../test/fixtures/intel/read-fixture.js";
import { parseList, type ParsedList } from "./parse-list.js";
import { GUARDDUTY_LIST_LIMITS, type ListEntry, type ListFormat } from "./types.js";

function parseFixture(format: ListFormat, name: string): ParsedList {
  const result = parseList(format, readIntelFixture(name), GUARDDUTY_LIST_LIMITS);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.list;
}

function entry(list: ParsedList, value: string): ListEntry | undefined {
  return list.entries.find((candidate) => candidate.value === value);
}

function sourceLines(name: string): string[] {
  return readIntelFixture(name).toString("utf8").split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

describe("TXT", () => {
  it("reads every line of an IPsum list", () => {
    const list = parseFixture("TXT", "ipsum_level5_head.txt");
    const lines = sourceLines("ipsum_level5_head.txt");
    expect(list.entries.map((e) => e.value)).toEqual(lines);
    expect(list.kinds).toEqual({ ipv4: lines.length });
    expect(list.rejectedCount).toBe(0);
  });

  it("reads the Tor exit list's zero-padded IPv6 addresses in canonical form", () => {
    const list = parseFixture("TXT", "tor_exit_nodes_sample.txt");
    expect(list.kinds).toEqual({ ipv4: 30, ipv6: 30 });
    expect(entry(list, "2001:470:1:908::9001")).toEqual({ value: "2001:470:1:908::9001", kind: "ipv6" });
    expect(list.entries.some((e) => e.value.includes(":0000"))).toBe(false);
  });

  it("reads CIDR lists", () => {
    const list = parseFixture("TXT", "mass_scanner_cidrs_head.txt");
    expect(entry(list, "5.63.151.0/24")).toEqual({ value: "5.63.151.0/24", kind: "cidr4" });
    expect(list.entries.length + list.duplicates).toBe(sourceLines("mass_scanner_cidrs_head.txt").length);
  });

  it("takes the names of hosts-file lines, not the sink address", () => {
    const list = parseFixture("TXT", "nocoin_hosts_sample.txt");
    expect(list.kinds).toEqual({ domain: 50 });
    expect(entry(list, "1q2w3.fun")).toBeDefined();
    expect(entry(list, "0.0.0.0")).toBeUndefined();
  });
});

describe("STIX 2.1 JSON", () => {
  it("reads ipv4 and domain comparisons joined by OR, with malware names from relationships", () => {
    const list = parseFixture("STIX", "stix21_poisonivy_subset.json");
    expect(entry(list, "219.76.208.163")?.threatNames).toEqual(expect.arrayContaining(["admin@338"]));
    expect(entry(list, "microsofte.byinter.net")?.kind).toBe("domain");
    expect(entry(list, "98.126.148.114")?.kind).toBe("ipv4");
    // The indicator "domain autuo.xicp.net OR 60.10.1.115" keeps its valid half.
    expect(entry(list, "60.10.1.115")).toBeDefined();
    expect(list.rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: "domain autuo.xicp.net", reason: expect.stringContaining("invalid domain name") }),
        expect.objectContaining({ text: "[file:name = 'CBricksDoc']", reason: expect.stringContaining("unsupported pattern") }),
      ]),
    );
    expect(list.rejected.every((rejection) => rejection.line > 0)).toBe(true);
  });

  it("reads CIDR patterns and rejects hash and AND patterns with reasons", () => {
    const list = parseFixture("STIX", "stix21_apt1_subset.json");
    expect(list.entries.map((e) => e.value).sort()).toEqual(["223.166.0.0/15", "58.246.0.0/15", "hugesoft.org"]);
    expect(list.rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining("found file:hashes.md5"),
      expect.stringContaining("AND combinations"),
    ]);
  });
});

describe("STIX 1.x XML", () => {
  const list = parseFixture("STIX", "stix1_poisonivy_c2.xml");

  it("reads ##comma## and plain comma address lists", () => {
    for (const ip of ["219.76.208.163", "113.10.246.30", "219.90.112.203", "75.126.95.138", "98.126.148.114"]) {
      expect(entry(list, ip)).toEqual({ value: ip, kind: "ipv4" });
    }
  });

  it("turns an InclusiveBetween range into the minimal CIDR set", () => {
    expect(list.entries.filter((e) => e.kind === "cidr4").map((e) => e.value)).toEqual(["60.10.1.114/31", "60.10.1.116/30", "60.10.1.120/31"]);
  });

  it("reads DomainName and URI values, normalized", () => {
    expect(entry(list, "microsofta.byinter.net")).toBeDefined();
    expect(entry(list, "weile3322b.3322.org")).toBeDefined();
    expect(entry(list, "nkr.iphone.qpoe.com")).toBeDefined();
  });

  it("rejects invalid values and unmatchable objects with their line", () => {
    expect(list.rejected).toEqual([
      { line: 72, text: "domain autuo.xicp.net", reason: expect.stringContaining("invalid domain name") },
      { line: 94, text: "FileObj:FileObjectType", reason: expect.stringContaining("only Address, DomainName and URI") },
    ]);
  });
});

describe("OTX_CSV", () => {
  it("reads network indicator types and rejects the others by name", () => {
    const list = parseFixture("OTX_CSV", "otx_pulse_export.csv");
    expect(list.kinds).toEqual({ ipv4: 2, ipv6: 1, cidr4: 1, domain: 3 });
    expect(entry(list, "amlakist.com")).toBeDefined(); // URL row → its host
    expect(list.rejected).toEqual([{ line: 9, text: expect.stringContaining("FileHash-MD5"), reason: 'unsupported indicator type "FileHash-MD5"' }]);
  });
});

describe("ALIEN_VAULT", () => {
  it("reads the address and keeps the activity types as threat names", () => {
    const list = parseFixture("ALIEN_VAULT", "alienvault_reputation.data");
    expect(list.entries).toHaveLength(5);
    expect(entry(list, "59.24.28.114")?.threatNames).toEqual(["Malicious Host", "Scanning Host"]);
    expect(entry(list, "5.2.189.251")?.threatNames).toEqual(["C&C"]);
  });
});

describe("PROOF_POINT", () => {
  it("reads IP reputation rows, with or without ports", () => {
    const list = parseFixture("PROOF_POINT", "proofpoint_iprep.csv");
    expect(list.entries.map((e) => e.value)).toEqual(["61.182.67.242", "62.210.142.62", "66.210.228.178", "50.252.121.146"]);
    expect(entry(list, "66.210.228.178")?.threatNames).toEqual(["CnC"]);
    expect(entry(list, "50.252.121.146")?.threatNames).toEqual(["ET category 1"]);
  });

  it("reads domain reputation rows", () => {
    const list = parseFixture("PROOF_POINT", "proofpoint_domainrep.csv");
    expect(list.kinds).toEqual({ domain: 3 });
    expect(list.rejectedCount).toBe(0);
  });
});

describe("FIRE_EYE", () => {
  it("reads the cidr, ip and domain columns of an iSIGHT export", () => {
    const list = parseFixture("FIRE_EYE", "fireeye_isight.csv");
    expect(list.entries.map((e) => e.value).sort()).toEqual(["223.166.0.0/15", "82.165.37.127", "colsezarain.top", "kiodareipa.com", "shalomsummit.org"]);
    expect(entry(list, "82.165.37.127")?.threatNames).toEqual(["Tinba"]);
    expect(entry(list, "223.166.0.0/15")?.threatNames).toEqual(["APT1"]);
    expect(list.rejected).toEqual([{ line: 6, text: expect.any(String), reason: "row has no cidr, ip or domain value" }]);
  });

  it("refuses a file without the iSIGHT header", () => {
    const result = parseList("FIRE_EYE", "shalomsummit.org,QakBot\n", GUARDDUTY_LIST_LIMITS);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: "MALFORMED", message: expect.stringContaining("no header row") }) });
  });
});
