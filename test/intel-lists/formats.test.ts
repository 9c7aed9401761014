import type { ThreatMatch } from "../../src/detection/intel";
import { eventually, fixtureUrl, INTEL_FIXTURES, startListsHarness, type Harness } from "./support/lists-harness";

/**
 * Every format, from a real list file through the `lists` worker (BullMQ on the real Redis) to a hit
 * in the snapshot the worker process rebuilt from PostgreSQL.
 */
type Case = { format: "TXT" | "STIX" | "OTX_CSV" | "ALIEN_VAULT" | "PROOF_POINT" | "FIRE_EYE"; file: string; ip?: string; domain?: string; threatName?: string };

const CASES: Case[] = [
  { format: "TXT", file: "ipsum_level5_head.txt", ip: "77.239.124.102" },
  { format: "TXT", file: "nocoin_hosts_sample.txt", domain: "www.1q2w3.fun" },
  { format: "STIX", file: "stix21_poisonivy_subset.json", ip: "219.76.208.163", threatName: "PIVY Variant" },
  { format: "STIX", file: "stix1_poisonivy_c2.xml", ip: "60.10.1.118" },
  { format: "OTX_CSV", file: "otx_pulse_export.csv", ip: "2001:470:1:908::9001" },
  { format: "ALIEN_VAULT", file: "alienvault_reputation.data", ip: "5.2.189.251", threatName: "C&C" },
  { format: "PROOF_POINT", file: "proofpoint_iprep.csv", ip: "66.210.228.178", threatName: "CnC" },
  { format: "PROOF_POINT", file: "proofpoint_domainrep.csv", domain: "colsezarain.top" },
  { format: "FIRE_EYE", file: "fireeye_isight.csv", domain: "kiodareipa.com", threatName: "Tinba" },
];

describe("list formats through activation", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startListsHarness();
  });
  afterAll(() => harness.close());

  it.each(CASES)("$format $file: activates and matches its indicators", async ({ format, file, ip, domain, threatName }) => {
    const owner = await harness.account();
    const stranger = await harness.account();
    const created = await harness.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, {
      name: file,
      format,
      location: fixtureUrl(INTEL_FIXTURES, file),
      activate: true,
    });
    expect(created.status).toBe("ACTIVATING");

    const active = await harness.listReaching(created.id, ["ACTIVE", "ERROR"]);
    expect(active).toMatchObject({ status: "ACTIVE", contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(active.entryCount).toBeGreaterThan(0);

    const lookup = (accountId: string): ThreatMatch[] =>
      ip ? harness.services.intel.matchIp(accountId, ip) : harness.services.intel.matchDomain(accountId, domain!);
    const matches = await eventually(() => (lookup(owner.accountId).length > 0 ? lookup(owner.accountId) : undefined), 10_000, `a hit for ${ip ?? domain}`);
    expect(matches).toEqual([expect.objectContaining({ listName: file, source: "CUSTOM" })]);
    if (threatName) expect(matches[0].threatNames.join(" ")).toContain(threatName);
    expect(lookup(stranger.accountId)).toEqual([]);
  });

  it("keeps a trusted list from a real file, and trusted beats threat", async () => {
    const owner = await harness.account();
    const torExit = "101.99.92.179";
    const threat = await harness.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: "bad", format: "TXT", content: `${torExit}\n`, activate: true });
    await harness.listReaching(threat.id, ["ACTIVE"]);
    await eventually(() => (harness.services.intel.matchIp(owner.accountId, torExit).length > 0 ? true : undefined));

    const trusted = await harness.services.intelLists.create(owner.actor, "TRUSTED", owner.detectorId, {
      name: "our scanners",
      format: "TXT",
      location: fixtureUrl(INTEL_FIXTURES, "tor_exit_nodes_sample.txt"),
      activate: true,
    });
    const active = await harness.listReaching(trusted.id, ["ACTIVE", "ERROR"]);
    expect(active.status).toBe("ACTIVE");
    expect(active.entryKinds.sort()).toEqual(["ipv4", "ipv6"]);
    await eventually(() => (harness.services.intel.isTrustedIp(owner.accountId, torExit) ? true : undefined));
    expect(harness.services.intel.matchIp(owner.accountId, torExit)).toEqual([]);
  });
});
