import { parseStixPattern } from "./stix2-pattern.js";

describe("parseStixPattern", () => {
  it("reads single comparisons, with or without spaces inside the brackets", () => {
    expect(parseStixPattern("[ipv4-addr:value = '198.51.100.7']")).toEqual({ comparisons: [{ path: "ipv4-addr:value", value: "198.51.100.7" }] });
    expect(parseStixPattern("[ ipv4-addr:value = '10.0.0.0' ]")).toEqual({ comparisons: [{ path: "ipv4-addr:value", value: "10.0.0.0" }] });
  });

  it("reads OR inside and between observations, ISSUBSET and IN", () => {
    const result = parseStixPattern(
      "[domain-name:value = 'a.example' OR ipv4-addr:value ISSUBSET '203.0.113.0/24'] OR ([url:value IN ('http://b.example/', 'http://c.example/')])",
    );
    expect(result).toEqual({
      comparisons: [
        { path: "domain-name:value", value: "a.example" },
        { path: "ipv4-addr:value", value: "203.0.113.0/24" },
        { path: "url:value", value: "http://b.example/" },
        { path: "url:value", value: "http://c.example/" },
      ],
    });
  });

  it("unescapes quotes in string literals and keeps quoted object-path keys", () => {
    expect(parseStixPattern("[file:hashes.'SHA-256' = 'it\\'s']")).toEqual({ comparisons: [{ path: "file:hashes.'SHA-256'", value: "it's" }] });
  });

  it.each([
    ["[domain-name:value = 'a.example' AND ipv4-addr:value = '198.51.100.7']", "unsupported pattern: AND"],
    ["[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [domain-name:value = 'a.example']", "unsupported pattern: FOLLOWEDBY"],
    ["[ipv4-addr:value = '198.51.100.7'] REPEATS 5 TIMES", "unsupported pattern: REPEATS qualifiers"],
    ["[ipv4-addr:value = '198.51.100.7'] WITHIN 300 SECONDS", "unsupported pattern: WITHIN qualifiers"],
    ["[ipv4-addr:value != '198.51.100.7']", 'unsupported pattern: operator "!="'],
    ["[ipv4-addr:value NOT = '198.51.100.7']", "unsupported pattern: negated"],
    ["[email-message:subject MATCHES '^x']", 'unsupported pattern: operator "MATCHES"'],
    ["[network-traffic:dst_port = 443]", "unsupported pattern: non-string value 443"],
    ["[ipv4-addr:value = '198.51.100.7'", "invalid STIX pattern: expected \"]\""],
    ["[ipv4-addr:value = '198.51.100.7]", "invalid STIX pattern: unterminated string"],
    ["", "invalid STIX pattern: empty pattern"],
    ["ipv4-addr:value = '1.2.3.4'", 'invalid STIX pattern: expected "["'],
  ])("refuses %p", (pattern, reason) => {
    expect(parseStixPattern(pattern)).toEqual({ reason: expect.stringContaining(reason) });
  });
});
