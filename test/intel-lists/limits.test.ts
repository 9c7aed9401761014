import { ConflictError, InvalidInputError } from "../../src/services/errors";
import { startListsHarness, type Harness } from "./support/lists-harness";

/** `count` distinct public IPv4 addresses, one per line. */
function addresses(count: number): string {
  return Array.from({ length: count }, (_, i) => `45.${Math.floor(i / 65_536) + 10}.${Math.floor(i / 256) % 256}.${i % 256}`).join("\n");
}

describe("list limits", () => {
  describe("GuardDuty's defaults", () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startListsHarness({ intel: false });
    });
    afterAll(() => harness.close());

    it("allows one trusted list and six threat lists per account, counting a deleted one out", async () => {
      const owner = await harness.account();
      const lists = harness.services.intelLists;
      const create = (kind: "TRUSTED" | "THREAT", name: string) => lists.create(owner.actor, kind, owner.detectorId, { name, format: "TXT", content: "8.8.8.8", activate: false });

      const trusted = await create("TRUSTED", "t1");
      await expect(create("TRUSTED", "t2")).rejects.toThrow(new ConflictError("An account has at most 1 trusted list(s); delete one first (the limit is set by VIGIL_MAX_TRUSTED_LISTS)."));
      for (let i = 1; i <= 6; i++) await create("THREAT", `threat ${i}`);
      await expect(create("THREAT", "threat 7")).rejects.toThrow(/at most 6 threat list\(s\).*VIGIL_MAX_THREAT_LISTS/);

      await lists.delete(owner.actor, "TRUSTED", owner.detectorId, trusted.id);
      expect((await create("TRUSTED", "t2")).status).toBe("INACTIVE");
    });

    it("lets concurrent creates pass the count limit only once", async () => {
      const owner = await harness.account();
      const results = await Promise.allSettled(
        [1, 2, 3].map((i) => harness.services.intelLists.create(owner.actor, "TRUSTED", owner.detectorId, { name: `race ${i}`, format: "TXT", content: "8.8.8.8", activate: false })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await harness.database.db.intelList.count({ where: { detectorId: owner.detectorId } })).toBe(1);
    });

    it("refuses duplicate names per kind", async () => {
      const owner = await harness.account();
      const create = () => harness.services.intelLists.create(owner.actor, "THREAT", owner.detectorId, { name: "same", format: "TXT", content: "8.8.8.8", activate: false });
      await create();
      await expect(create()).rejects.toThrow(ConflictError);
    });

    it("holds 2,000 entries in a trusted list and 250,000 in a threat list", async () => {
      const owner = await harness.account();
      const lists = harness.services.intelLists;
      const tooMany = await lists.create(owner.actor, "TRUSTED", owner.detectorId, { name: "big trust", format: "TXT", content: addresses(2_001), activate: true });
      expect(await harness.listReaching(tooMany.id, ["ACTIVE", "ERROR"])).toMatchObject({
        status: "ERROR",
        statusMessage: "the list holds 2,001 entries, over the 2,000 limit",
      });
      const threat = await lists.create(owner.actor, "THREAT", owner.detectorId, { name: "big threat", format: "TXT", content: addresses(2_001), activate: true });
      expect(await harness.listReaching(threat.id, ["ACTIVE", "ERROR"])).toMatchObject({ status: "ACTIVE", entryCount: 2_001 });
      const huge = await lists.create(owner.actor, "THREAT", owner.detectorId, { name: "huge threat", format: "TXT", content: addresses(250_001), activate: true });
      expect(await harness.listReaching(huge.id, ["ACTIVE", "ERROR"], 20_000)).toMatchObject({
        status: "ERROR",
        statusMessage: "the list holds 250,001 entries, over the 250,000 limit",
      });
    });
  });

  describe("raised by configuration", () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startListsHarness({ intel: false, lists: { maxTrustedLists: 2, maxTrustedEntries: 5_000, maxListBytes: 100_000 } });
    });
    afterAll(() => harness.close());

    it("allows more trusted lists and entries, and applies the byte limit to inline content", async () => {
      const owner = await harness.account();
      const lists = harness.services.intelLists;
      await lists.create(owner.actor, "TRUSTED", owner.detectorId, { name: "first", format: "TXT", content: "8.8.8.8", activate: false });
      const second = await lists.create(owner.actor, "TRUSTED", owner.detectorId, { name: "second", format: "TXT", content: addresses(4_000), activate: true });
      expect(await harness.listReaching(second.id, ["ACTIVE", "ERROR"])).toMatchObject({ status: "ACTIVE", entryCount: 4_000 });
      await expect(
        lists.create(owner.actor, "THREAT", owner.detectorId, { name: "too big", format: "TXT", content: addresses(12_000), activate: true }),
      ).rejects.toThrow(new InvalidInputError("content is larger than the 100000-byte limit (VIGIL_MAX_LIST_BYTES)."));
    });
  });
});
