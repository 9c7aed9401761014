import { readIntelFixture } from "../../../../test/fixtures/intel/read-fixture.js";
import { MAX_REPORTED_REJECTIONS, checkListSize, parseList, type ParseListResult } from "./parse-list.js";
import { GUARDDUTY_LIST_LIMITS } from "./types.js";

function expectError(result: ParseListResult, code: string, message: string): void {
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.stringContaining(message) }) });
}

function expectList(result: ParseListResult) {
  if (!result.ok) throw new Error(`expected a list, got ${result.error.code}: ${result.error.message}`);
  return result.list;
}

describe("parseList: limits", () => {
  it("refuses a 300 MB file by its size, before decoding it", () => {
    // allocUnsafe leaves the pages untouched: the check must not read the content.
    const huge = Buffer.allocUnsafe(300 * 1024 * 1024);
    expectError(parseList("TXT", huge, GUARDDUTY_LIST_LIMITS), "TOO_LARGE", "300.0 MB, over the 35.0 MB limit");
  });

  it("applies the limits the caller passes", () => {
    const limits = { maxBytes: 20, maxEntries: 2 };
    expectError(parseList("TXT", "198.51.100.1\n198.51.100.2\n", limits), "TOO_LARGE", "26 bytes, over the 20 bytes limit");
    expectError(parseList("TXT", "8.8.8.8\n8.8.4.4\n1.1.1.1\n", { maxBytes: 1000, maxEntries: 2 }), "TOO_MANY_ENTRIES", "3 entries, over the 2 limit");
    expect(expectList(parseList("TXT", "8.8.8.8\n8.8.4.4\n8.8.8.8\n", { maxBytes: 1000, maxEntries: 2 })).entries).toHaveLength(2);
  });

  it("checks a size alone, for callers that know it before downloading", () => {
    expect(checkListSize(35 * 1024 * 1024, GUARDDUTY_LIST_LIMITS)).toBeUndefined();
    expect(checkListSize(35 * 1024 * 1024 + 1, GUARDDUTY_LIST_LIMITS)).toEqual(expect.objectContaining({ code: "TOO_LARGE" }));
  });
});

describe("parseList: files that are not lists", () => {
  it.each([
    ["an HTML error page", "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>", "HTML page"],
    ["an HTML page without doctype", "  <html lang=\"en\">\n<body>Sign in</body></html>", "HTML page"],
    ["an S3 error document", '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', "error response (AccessDenied)"],
  ])("rejects %s as a whole", (_, content, message) => {
    for (const format of ["TXT", "STIX", "OTX_CSV"]) expectError(parseList(format, content, GUARDDUTY_LIST_LIMITS), "NOT_A_LIST", message);
  });

  it("rejects compressed and binary files", () => {
    expectError(parseList("TXT", Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), GUARDDUTY_LIST_LIMITS), "NOT_A_LIST", "gzip");
    expectError(parseList("TXT", Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), GUARDDUTY_LIST_LIMITS), "NOT_A_LIST", "ZIP");
    expectError(parseList("TXT", Buffer.from("8.8.8.8\n\u0000\u0001\u0002"), GUARDDUTY_LIST_LIMITS), "NOT_A_LIST", "binary");
  });

  it("names an unknown format", () => {
    expectError(parseList("CSV", "8.8.8.8", GUARDDUTY_LIST_LIMITS), "UNKNOWN_FORMAT", "TXT, STIX, OTX_CSV, ALIEN_VAULT, PROOF_POINT, FIRE_EYE");
  });

  it("says when a STIX file is neither JSON nor XML, or broken", () => {
    expectError(parseList("STIX", "8.8.8.8\n", GUARDDUTY_LIST_LIMITS), "MALFORMED", "not a STIX document");
    expectError(parseList("STIX", '{"type": "bundle", "objects": [', GUARDDUTY_LIST_LIMITS), "MALFORMED", "not valid STIX 2.1 JSON");
    expectError(parseList("STIX", "<stix:STIX_Package><a></stix:STIX_Package>", GUARDDUTY_LIST_LIMITS), "MALFORMED", "not well-formed XML");
    expectError(parseList("STIX", "<feed><entry/></feed>", GUARDDUTY_LIST_LIMITS), "MALFORMED", "no STIX_Package");
  });
});

describe("parseList: empty and unusable content", () => {
  it.each([
    ["an empty file", ""],
    ["a file of blank lines", "\n\n  \r\n\t\n"],
  ])("refuses %s", (_, content) => {
    expectError(parseList("TXT", content, GUARDDUTY_LIST_LIMITS), "EMPTY", "the file is empty");
  });

  it("refuses a file of comments only", () => {
    expectError(parseList("TXT", "# list\n// generated\n; nothing yet\n", GUARDDUTY_LIST_LIMITS), "EMPTY", "holds no entries");
  });

  it("refuses a STIX bundle whose patterns are all unsupported, and says why", () => {
    const result = parseList("STIX", readIntelFixture("stix21_email_only.json"), GUARDDUTY_LIST_LIMITS);
    expectError(result, "NO_VALID_ENTRIES", 'no valid entry in the file: 2 rejected, first at line 33: unsupported pattern: operator "MATCHES"');
    if (!result.ok) expect(result.error.rejected).toHaveLength(2);
  });

  it("refuses a list whose every line is invalid, citing the first", () => {
    expectError(parseList("TXT", "999.1.1.1\n1.2.3.4/40\n", GUARDDUTY_LIST_LIMITS), "NO_VALID_ENTRIES", "first at line 1: invalid IPv4 address: octet 999");
  });

  it("explains a list given in another format than declared", () => {
    const otx = readIntelFixture("otx_pulse_export.csv");
    expectError(parseList("TXT", otx, GUARDDUTY_LIST_LIMITS), "NO_VALID_ENTRIES", "first at line 1: expected one entry per line");
  });
});

describe("parseList: lines", () => {
  const content = [
    "# IPsum-style list",
    "",
    "8.8.8.8",
    "8.8.8.8\t3",
    "  2001:0DB8::0001  ",
    "203.0.113.0/24 ; SBL-like comment",
    "evil.example.com # trailing comment",
    "EVIL.example.com.",
    "*.example.org",
    "999.1.1.1",
    "1.2.3.4/40",
    "1.2.3.4 evil.example.com",
    "0.0.0.0 miner.example.net other.example.net",
  ].join("\r\n");
  const list = expectList(parseList("TXT", content, GUARDDUTY_LIST_LIMITS));

  it("normalizes and de-duplicates entries, counting duplicates", () => {
    expect(list.entries.map((e) => e.value)).toEqual([
      "8.8.8.8",
      "2001:db8::1",
      "203.0.113.0/24",
      "evil.example.com",
      "*.example.org",
      "miner.example.net",
      "other.example.net",
    ]);
    expect(list.duplicates).toBe(2);
    expect(list.kinds).toEqual({ ipv4: 1, ipv6: 1, cidr4: 1, domain: 3, wildcard: 1 });
  });

  it("reports rejected lines with their number, text and reason", () => {
    expect(list.rejected).toEqual([
      { line: 10, text: "999.1.1.1", reason: "invalid IPv4 address: octet 999 is out of range 0-255" },
      { line: 11, text: "1.2.3.4/40", reason: "invalid CIDR: prefix /40 is out of range 0-32 for IPv4" },
      { line: 12, text: "1.2.3.4 evil.example.com", reason: "expected one entry per line (extra text after the entry)" },
    ]);
    expect(list.rejectedCount).toBe(3);
  });

  it("keeps the report of rejected lines short, and counts them all", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `bad line ${i}`).concat("8.8.8.8");
    const parsed = expectList(parseList("TXT", lines.join("\n"), GUARDDUTY_LIST_LIMITS));
    expect(parsed.rejected).toHaveLength(MAX_REPORTED_REJECTIONS);
    expect(parsed.rejectedCount).toBe(500);
  });

  it("truncates long offending text", () => {
    const parsed = expectList(parseList("TXT", `${"x".repeat(5000)} y\n8.8.8.8`, GUARDDUTY_LIST_LIMITS));
    expect(parsed.rejected[0].text.length).toBeLessThanOrEqual(121);
  });

  it("merges threat names of duplicates", () => {
    const parsed = expectList(parseList("ALIEN_VAULT", "8.8.8.8#4#2#Malicious Host\n8.8.8.8#4#2#Scanning Host\n", GUARDDUTY_LIST_LIMITS));
    expect(parsed.entries).toEqual([{ value: "8.8.8.8", kind: "ipv4", threatNames: ["Malicious Host", "Scanning Host"] }]);
  });

  it("restricts kinds when asked (GuardDuty IP sets hold IPv4 only)", () => {
    const parsed = expectList(parseList("TXT", content, GUARDDUTY_LIST_LIMITS, { allowedKinds: ["ipv4", "cidr4"] }));
    expect(parsed.kinds).toEqual({ ipv4: 1, cidr4: 1 });
    expect(parsed.rejected).toEqual(expect.arrayContaining([{ line: 0, text: "*.example.org", reason: "wildcard entries are not allowed in this list (allowed: ipv4, cidr4)" }]));
  });
});

describe("parseList: encodings", () => {
  it("reads UTF-8 with a byte-order mark and UTF-16 text", () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("8.8.8.8\n")]);
    expect(expectList(parseList("TXT", utf8, GUARDDUTY_LIST_LIMITS)).entries).toEqual([{ value: "8.8.8.8", kind: "ipv4" }]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("evil.example.com\r\n", "utf16le")]);
    expect(expectList(parseList("TXT", utf16, GUARDDUTY_LIST_LIMITS)).entries).toEqual([{ value: "evil.example.com", kind: "domain" }]);
  });
});
