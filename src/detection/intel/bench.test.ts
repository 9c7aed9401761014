import { join } from "node:path";
import { runIntelBench } from "../../../bench/intel.js";

const FIXTURES = join(__dirname, "../../../test/fixtures/intel");

// The benchmark's numbers are only meaningful if its "hit" lookups hit and its "miss" lookups miss.
describe("bench/intel.ts", () => {
  it("measures hits that match and misses that do not, on generated entries", () => {
    const result = runIntelBench({ entries: 4000, lookups: 2000 });
    expect(result.entries).toBe(4000);
    expect(Object.keys(result.kinds).sort()).toEqual(["cidr4", "cidr6", "domain", "ipv4", "ipv6"]);
    expect(result.matchedShare).toEqual(expect.objectContaining({ ipv4Hit: 1, ipv6Hit: 1, domainHit: 1 }));
    for (const miss of [result.matchedShare.ipv4Miss, result.matchedShare.ipv6Miss, result.matchedShare.domainMiss]) expect(miss).toBeLessThan(0.05);
    expect(Object.values(result.lookupsPerSecond).every((perSecond) => perSecond > 0)).toBe(true);
    expect(result.parseMs).toBeUndefined();
  });

  it("uses real lists first when given, topping up with generated entries", () => {
    const result = runIntelBench({
      entries: 500,
      lookups: 500,
      lists: [join(FIXTURES, "tor_exit_nodes_sample.txt"), `TXT=${join(FIXTURES, "nocoin_hosts_sample.txt")}`, join(FIXTURES, "stix21_apt1_subset.json")],
    });
    expect(result.entries).toBe(500);
    expect(result.parseMs).toEqual(expect.any(Number));
    // 30 + 30 Tor exits, 50 NoCoin and 1 APT1 domains, 2 APT1 CIDRs; the other 387 are generated.
    expect(result.kinds.ipv6).toBeGreaterThanOrEqual(30);
    expect(result.kinds.domain).toBeGreaterThanOrEqual(51);
    expect(result.matchedShare.ipv4Hit).toBe(1);
    expect(result.matchedShare.domainHit).toBe(1);
  });
});
