import { DomainIndexBuilder } from "./domain-index.js";
import { normalizeDomainEntry, normalizeDomainQuery } from "./domain-name.js";
import { isPublicDomain } from "./public-domain.js";

function matches(index: ReturnType<DomainIndexBuilder["build"]>, name: string): number[] {
  const found: number[] = [];
  index.forEachMatch(name, (payload) => found.push(payload));
  return found;
}

describe("normalizeDomainEntry", () => {
  it("lower-cases, strips the trailing dot and converts IDNs to punycode", () => {
    expect(normalizeDomainEntry("WEILE3322B.3322.ORG.")).toEqual({ value: "weile3322b.3322.org", kind: "domain" });
    expect(normalizeDomainEntry("*.Example.COM")).toEqual({ value: "*.example.com", kind: "wildcard" });
    expect(normalizeDomainEntry("bücher.example")).toEqual({ value: "xn--bcher-kva.example", kind: "domain" });
    expect(normalizeDomainEntry("_dmarc.example.org")).toEqual({ value: "_dmarc.example.org", kind: "domain" });
  });

  it.each([
    ["domain autuo.xicp.net", "labels may hold only"],
    ["evil..com", "labels may hold only"],
    ["a.*.example.com", "unsupported wildcard"],
    ["*evil.com", "unsupported wildcard"],
    ["localhost", "single label"],
    ["evil.123", "numeric top-level label"],
    [`${"a".repeat(64)}.com`, "labels may hold only"],
    [`${"abcdefgh.".repeat(32)}com`, "longer than 253"],
    ["*.", "unsupported wildcard"],
    ["", "empty domain name"],
  ])("refuses %p", (text, reason) => {
    expect(normalizeDomainEntry(text)).toEqual(expect.stringContaining(reason));
  });

  it("allows a wildcard over a top-level domain, which states its breadth explicitly", () => {
    expect(normalizeDomainEntry("*.zip")).toEqual({ value: "*.zip", kind: "wildcard" });
  });
});

describe("normalizeDomainQuery", () => {
  it("normalizes names as DNS logs write them", () => {
    expect(normalizeDomainQuery("WWW.Example.com.")).toBe("www.example.com");
    expect(normalizeDomainQuery("already.normal.org")).toBe("already.normal.org");
    expect(normalizeDomainQuery("")).toBeUndefined();
    expect(normalizeDomainQuery(".")).toBeUndefined();
  });
});

describe("DomainIndex", () => {
  const builder = new DomainIndexBuilder();
  builder.addExact("evil.com", 1); // plain entry of an exact-only list
  builder.addExact("c2.example.net", 2); // plain entry of a subdomain-matching list…
  builder.addSubdomainsOf("c2.example.net", 2); // …also covers names below it
  builder.addSubdomainsOf("example.org", 3); // *.example.org
  builder.addExact("evil.com", 4); // the same name on another list
  const index = builder.build();

  it("matches exact entries on the name itself only", () => {
    expect(matches(index, "evil.com").sort()).toEqual([1, 4]);
    expect(matches(index, "a.evil.com")).toEqual([]);
    expect(matches(index, "notevil.com")).toEqual([]);
  });

  it("matches a subdomain-covering plain entry on the name and every name below it", () => {
    expect(matches(index, "c2.example.net")).toEqual([2]);
    expect(matches(index, "x.c2.example.net")).toEqual([2]);
    expect(matches(index, "a.b.c2.example.net")).toEqual([2]);
    expect(matches(index, "example.net")).toEqual([]);
    expect(matches(index, "xc2.example.net")).toEqual([]);
  });

  it("matches a wildcard on strict subdomains, not on its parent", () => {
    expect(matches(index, "www.example.org")).toEqual([3]);
    expect(matches(index, "deep.www.example.org")).toEqual([3]);
    expect(matches(index, "example.org")).toEqual([]);
  });

  it("reports the most specific entry first", () => {
    const nested = new DomainIndexBuilder();
    nested.addSubdomainsOf("example.org", 1);
    nested.addSubdomainsOf("b.example.org", 2);
    nested.addExact("a.b.example.org", 3);
    expect(matches(nested.build(), "a.b.example.org")).toEqual([3, 2, 1]);
  });
});

describe("isPublicDomain", () => {
  it.each(["ip-10-0-0-1.ec2.internal", "printer.local", "foo.test", "x.example", "router.home.arpa", "localhost", "a.localhost", "x.invalid", "abc.onion", "intranet"])(
    "%s never matches",
    (name) => expect(isPublicDomain(name)).toBe(false),
  );

  it.each(["example.com", "evil.net", "weile3322b.3322.org", "my-local.com", "testing.org"])("%s may match", (name) =>
    expect(isPublicDomain(name)).toBe(true),
  );
});
