import { readIntelFixture } from "../../../test/fixtures/intel/read-fixture.js";
import { parseList } from "./formats/parse-list.js";
import { GUARDDUTY_LIST_LIMITS, type ListEntry, type ListFormat } from "./formats/types.js";
import { IntelRegistry } from "./registry.js";
import { buildThreatIndex, type IntelList, type ManagedFeed } from "./threat-index.js";

const ACCOUNT = "111111111111";
const OTHER_ACCOUNT = "222222222222";

function entriesOf(format: ListFormat, content: string | Buffer): ListEntry[] {
  const result = parseList(format, content, GUARDDUTY_LIST_LIMITS);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.list.entries;
}

function list(id: string, format: ListFormat, content: string | Buffer, extra: Partial<IntelList> = {}): IntelList {
  return { id, name: `${id} list`, entries: entriesOf(format, content), ...extra };
}

function threatIndexOf(threat: IntelList, trusted: IntelList[] = []) {
  return buildThreatIndex({ accounts: { [ACCOUNT]: { trusted, threat: [threat] } } });
}

describe("every format, from a real-list fixture to a lookup", () => {
  it.each([
    ["TXT (IPsum)", "TXT", "ipsum_level5_head.txt", { ip: "77.90.185.20" }, "77.90.185.21"],
    ["TXT (Tor exits, IPv6)", "TXT", "tor_exit_nodes_sample.txt", { ip: "2001:470:1:908:0:0:0:9001" }, "2001:470:1:908::9002"],
    ["TXT (scanner CIDRs)", "TXT", "mass_scanner_cidrs_head.txt", { ip: "5.63.151.200", entry: "5.63.151.0/24" }, "5.63.152.1"],
    ["TXT (hosts file)", "TXT", "nocoin_hosts_sample.txt", { domain: "ws.1q2w3.fun", entry: "1q2w3.fun" }, "1q2w3.fun.example.com"],
    ["STIX 2.1 (Poison Ivy)", "STIX", "stix21_poisonivy_subset.json", { domain: "microsofta.byinter.net" }, "microsoftd.byinter.net"],
    ["STIX 2.1 (APT1 CIDRs)", "STIX", "stix21_apt1_subset.json", { ip: "223.167.1.2", entry: "223.166.0.0/15" }, "223.168.0.1"],
    ["STIX 1.x (InclusiveBetween)", "STIX", "stix1_poisonivy_c2.xml", { ip: "60.10.1.117", entry: "60.10.1.116/30" }, "60.10.1.122"],
    ["OTX_CSV", "OTX_CSV", "otx_pulse_export.csv", { domain: "spidermanbaba.ddns.net" }, "ddns.net"],
    ["ALIEN_VAULT", "ALIEN_VAULT", "alienvault_reputation.data", { ip: "59.24.28.114", names: ["Malicious Host", "Scanning Host"] }, "59.24.28.115"],
    ["PROOF_POINT (IPs)", "PROOF_POINT", "proofpoint_iprep.csv", { ip: "66.210.228.178", names: ["CnC"] }, "66.210.228.179"],
    ["PROOF_POINT (domains)", "PROOF_POINT", "proofpoint_domainrep.csv", { domain: "colsezarain.top" }, "colsezarain.com"],
    ["FIRE_EYE", "FIRE_EYE", "fireeye_isight.csv", { ip: "82.165.37.127", names: ["Tinba"] }, "82.165.37.128"],
  ] as const)("%s", (_, format, fixture, hit, miss) => {
    const index = threatIndexOf(list("fixture", format as ListFormat, readIntelFixture(fixture)));
    const found = "ip" in hit ? index.matchIp(ACCOUNT, hit.ip) : index.matchDomain(ACCOUNT, hit.domain);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual({
      listName: "fixture list",
      source: "CUSTOM",
      threatNames: "names" in hit ? hit.names : expect.any(Array),
      entry: "entry" in hit ? hit.entry : "ip" in hit ? expect.any(String) : hit.domain,
    });
    const missed = "ip" in hit ? index.matchIp(ACCOUNT, miss) : index.matchDomain(ACCOUNT, miss);
    expect(missed).toEqual([]);
  });
});

describe("ThreatIndex rules", () => {
  const threat = list("threat", "TXT", ["185.220.101.0/24", "2001:470:1:908::9001", "evil.example.com", "*.bad.example.net", "10.0.0.0/8", "198.51.100.7", "evil.test"].join("\n"));

  it("trusted beats threat, for addresses and domains", () => {
    const trusted = list("trusted", "TXT", ["185.220.101.33", "evil.example.com"].join("\n"));
    const index = threatIndexOf(threat, [trusted]);
    expect(index.isTrustedIp(ACCOUNT, "185.220.101.33")).toBe(true);
    expect(index.matchIp(ACCOUNT, "185.220.101.33")).toEqual([]);
    expect(index.matchIp(ACCOUNT, "185.220.101.34")).toHaveLength(1);
    expect(index.isTrustedDomain(ACCOUNT, "evil.example.com")).toBe(true);
    expect(index.matchDomain(ACCOUNT, "evil.example.com")).toEqual([]);
  });

  it("trusts plain domains exactly, and subdomains only through a wildcard", () => {
    const trusted = list("trusted", "TXT", ["evil.example.com", "*.bad.example.net"].join("\n"));
    const index = threatIndexOf(threat, [trusted]);
    expect(index.isTrustedDomain(ACCOUNT, "cdn.evil.example.com")).toBe(false);
    expect(index.matchDomain(ACCOUNT, "cdn.evil.example.com")).toHaveLength(1);
    expect(index.isTrustedDomain(ACCOUNT, "x.bad.example.net")).toBe(true);
    expect(index.matchDomain(ACCOUNT, "x.bad.example.net")).toEqual([]);
  });

  it("trust also silences managed feeds", () => {
    const feed: ManagedFeed = { ...list("tor", "TXT", "185.220.101.33"), category: "TOR_EXIT" };
    const trusted = list("trusted", "TXT", "185.220.101.0/24");
    const index = buildThreatIndex({ accounts: { [ACCOUNT]: { trusted: [trusted], threat: [] } }, feeds: [feed] });
    expect(index.matchIp(ACCOUNT, "185.220.101.33")).toEqual([]);
    expect(index.matchIp(OTHER_ACCOUNT, "185.220.101.33")).toHaveLength(1);
  });

  it("never matches private, loopback, link-local, CGNAT, multicast or documentation addresses", () => {
    const everything = list("everything", "TXT", ["0.0.0.0/0", "::/0"].join("\n"));
    const index = threatIndexOf(everything, [list("trusted-everything", "TXT", "0.0.0.0/0")]);
    for (const ip of ["10.1.2.3", "192.168.0.1", "172.31.255.1", "127.0.0.1", "169.254.169.254", "100.64.1.1", "224.0.0.251", "192.0.2.1", "198.51.100.7", "203.0.113.9", "fe80::1", "fd00::1", "::1", "2001:db8::1", "::ffff:10.0.0.1"]) {
      expect([ip, index.matchIp(ACCOUNT, ip)]).toEqual([ip, []]);
      expect([ip, index.isTrustedIp(ACCOUNT, ip)]).toEqual([ip, false]);
    }
    expect(threatIndexOf(everything).matchIp(ACCOUNT, "8.8.8.8")).toHaveLength(1);
    expect(threatIndexOf(threat).matchIp(ACCOUNT, "10.0.0.1")).toEqual([]);
  });

  it("never matches special-use domains", () => {
    const index = threatIndexOf(list("names", "TXT", ["evil.test", "*.internal", "*.local"].join("\n")));
    expect(index.matchDomain(ACCOUNT, "evil.test")).toEqual([]);
    expect(index.matchDomain(ACCOUNT, "ip-10-0-0-1.ec2.internal")).toEqual([]);
    expect(index.matchDomain(ACCOUNT, "printer.local")).toEqual([]);
  });

  it("matches IPv6 addresses and networks, and IPv4-mapped addresses against IPv4 entries", () => {
    const index = threatIndexOf(list("v6", "TXT", ["2a00:1450:4001::/48", "2001:470:1:908::9001", "185.220.101.0/24"].join("\n")));
    expect(index.matchIp(ACCOUNT, "2a00:1450:4001:81c::200e")[0]?.entry).toBe("2a00:1450:4001::/48");
    expect(index.matchIp(ACCOUNT, "2a00:1450:4002::1")).toEqual([]);
    expect(index.matchIp(ACCOUNT, "2001:0470:0001:0908:0000:0000:0000:9001")[0]?.entry).toBe("2001:470:1:908::9001");
    expect(index.matchIp(ACCOUNT, "::ffff:185.220.101.9")[0]?.entry).toBe("185.220.101.0/24");
    expect(index.matchIp(ACCOUNT, "64:ff9b::b9dc:6509")[0]?.entry).toBe("185.220.101.0/24");
  });

  it("reports the most specific entry once per list", () => {
    const index = threatIndexOf(list("nested", "TXT", ["185.220.0.0/16", "185.220.101.0/24", "185.220.101.9"].join("\n")));
    expect(index.matchIp(ACCOUNT, "185.220.101.9")).toEqual([expect.objectContaining({ entry: "185.220.101.9" })]);
    expect(index.matchIp(ACCOUNT, "185.220.101.10")).toEqual([expect.objectContaining({ entry: "185.220.101.0/24" })]);
  });

  it("matches plain threat domains on subdomains, wildcards on subdomains only", () => {
    const index = threatIndexOf(threat);
    expect(index.matchDomain(ACCOUNT, "EVIL.example.com.")[0]?.entry).toBe("evil.example.com");
    expect(index.matchDomain(ACCOUNT, "a.b.evil.example.com")[0]?.entry).toBe("evil.example.com");
    expect(index.matchDomain(ACCOUNT, "x.bad.example.net")[0]?.entry).toBe("*.bad.example.net");
    expect(index.matchDomain(ACCOUNT, "bad.example.net")).toEqual([]);
    expect(index.matchDomain(ACCOUNT, "notevil.example.com")).toEqual([]);
  });

  it("can match plain threat domains exactly when a list asks for it", () => {
    const exact = list("exact", "TXT", "evil.example.com", { plainDomains: "exact" });
    const index = threatIndexOf(exact);
    expect(index.matchDomain(ACCOUNT, "evil.example.com")).toHaveLength(1);
    expect(index.matchDomain(ACCOUNT, "a.evil.example.com")).toEqual([]);
  });

  it("ignores text that is not an address or a name", () => {
    const index = threatIndexOf(threat);
    expect(index.matchIp(ACCOUNT, "not-an-ip")).toEqual([]);
    expect(index.matchIp(ACCOUNT, "")).toEqual([]);
    expect(index.matchDomain(ACCOUNT, "")).toEqual([]);
  });
});

describe("accounts and feeds", () => {
  const adminThreat = list("admin-threat", "TXT", ["185.220.101.0/24", "evil.example.com"].join("\n"));
  const adminTrusted = list("admin-trusted", "TXT", "185.220.101.77");
  const standaloneThreat = list("standalone-threat", "TXT", "45.155.205.233");
  const feed: ManagedFeed = { ...list("ipsum", "TXT", ["185.220.101.5", "45.155.205.233"].join("\n")), name: "IPsum", category: "MALICIOUS_IP" };
  const member = "333333333333";
  const index = buildThreatIndex({
    accounts: new Map([
      [ACCOUNT, { trusted: [adminTrusted], threat: [adminThreat] }],
      [member, { trusted: [adminTrusted], threat: [adminThreat] }],
      [OTHER_ACCOUNT, { trusted: [], threat: [standaloneThreat] }],
    ]),
    feeds: [feed],
  });

  it("matches an account's lists for that account only", () => {
    expect(index.matchIp(ACCOUNT, "185.220.101.9")).toEqual([{ listName: "admin-threat list", source: "CUSTOM", threatNames: [], entry: "185.220.101.0/24" }]);
    expect(index.matchIp(OTHER_ACCOUNT, "185.220.101.9")).toEqual([]);
    expect(index.matchDomain(OTHER_ACCOUNT, "evil.example.com")).toEqual([]);
    expect(index.matchIp("999999999999", "185.220.101.9")).toEqual([]);
    expect(index.isTrustedIp(OTHER_ACCOUNT, "185.220.101.77")).toBe(false);
  });

  it("applies the administrator's lists to members, indexing them once", () => {
    expect(index.matchIp(member, "185.220.101.9")).toHaveLength(1);
    expect(index.isTrustedIp(member, "185.220.101.77")).toBe(true);
    expect(index.stats).toEqual({ accounts: 3, trustedLists: 1, threatLists: 2, feeds: 1, entries: 6, skippedEntries: 0 });
  });

  it("matches managed feeds for every account, with their category", () => {
    const managed = { listName: "IPsum", source: "MANAGED", category: "MALICIOUS_IP", threatNames: [], entry: "45.155.205.233" };
    expect(index.matchIp("999999999999", "45.155.205.233")).toEqual([managed]);
    expect(index.matchIp(OTHER_ACCOUNT, "45.155.205.233")).toEqual(expect.arrayContaining([managed, expect.objectContaining({ source: "CUSTOM" })]));
    expect(index.matchIp(ACCOUNT, "185.220.101.5")).toHaveLength(2);
  });

  it("hands out copies, so a caller cannot change the snapshot", () => {
    const names = list("named", "ALIEN_VAULT", "45.155.205.233#4#2#Malicious Host");
    const named = threatIndexOf(names);
    named.matchIp(ACCOUNT, "45.155.205.233")[0].threatNames.push("tampered");
    expect(named.matchIp(ACCOUNT, "45.155.205.233")[0].threatNames).toEqual(["Malicious Host"]);
    expect(Object.isFrozen(named)).toBe(true);
  });
});

describe("IntelRegistry", () => {
  it("matches nothing before a snapshot is installed", () => {
    const registry = new IntelRegistry();
    expect(registry.matchIp(ACCOUNT, "185.220.101.9")).toEqual([]);
    expect(registry.isTrustedDomain(ACCOUNT, "evil.example.com")).toBe(false);
  });

  it("swaps snapshots whole: a snapshot taken before a swap keeps answering from the old lists", () => {
    const registry = new IntelRegistry();
    const first = threatIndexOf(list("v1", "TXT", "185.220.101.9"));
    const second = threatIndexOf(list("v2", "TXT", "45.155.205.233"));
    registry.replace(first);
    const batchView = registry.current();
    expect(registry.replace(second)).toBe(first);
    expect(registry.matchIp(ACCOUNT, "185.220.101.9")).toEqual([]);
    expect(registry.matchIp(ACCOUNT, "45.155.205.233")[0]?.listName).toBe("v2 list");
    expect(batchView.matchIp(ACCOUNT, "185.220.101.9")[0]?.listName).toBe("v1 list");
    expect(batchView.matchIp(ACCOUNT, "45.155.205.233")).toEqual([]);
  });

  it("delegates every lookup to the current snapshot", () => {
    const registry = new IntelRegistry();
    const threat = list("threat", "TXT", ["185.220.101.0/24", "evil.example.com"].join("\n"));
    const trusted = list("trusted", "TXT", ["185.220.101.1", "good.example.com"].join("\n"));
    registry.replace(threatIndexOf(threat, [trusted]));
    expect(registry.matchIp(ACCOUNT, "185.220.101.2")).toHaveLength(1);
    expect(registry.matchDomain(ACCOUNT, "evil.example.com")).toHaveLength(1);
    expect(registry.isTrustedIp(ACCOUNT, "185.220.101.1")).toBe(true);
    expect(registry.isTrustedDomain(ACCOUNT, "good.example.com")).toBe(true);
  });
});
