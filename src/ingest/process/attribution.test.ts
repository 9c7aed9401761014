import type { VigilEvent } from "../../detection/events.js";
import { attributed, attributionFor, MAX_COUNTED_ACCOUNTS, noneDropped } from "./attribution.js";

const OWNER = "111122223333";
const MEMBER = "444455556666";
const event = (accountId: string) => ({ accountId }) as VigilEvent;

describe("attributed", () => {
  const owner = { name: "owner" };
  const member = { name: "member" };
  const routes = (accountId: string) => (accountId === OWNER ? owner : accountId === MEMBER ? member : accountId === "555555555555" ? null : undefined);

  it("hands a batch that is all the owner's to its analysis as it is", () => {
    const batch = [event(OWNER), event(""), event("unknown")];
    const groups = attributed(batch, attributionFor(OWNER, false, routes), noneDropped());
    expect(groups.get(owner)).toBe(batch);
    expect(batch.map((e) => e.accountId)).toEqual([OWNER, OWNER, OWNER]);
  });

  it("groups an organisation source's events by analysis, skips those routed to none, and counts strangers per account", () => {
    const dropped = noneDropped();
    const batch = [event(OWNER), event(MEMBER), event("999988887777"), event(OWNER), event("555555555555"), event("not-an-account"), event("999988887777")];
    const groups = attributed(batch, attributionFor(OWNER, true, routes), dropped);
    expect([...groups.entries()].map(([analysis, events]) => [analysis, events.length])).toEqual([[owner, 2], [member, 1]]);
    expect(dropped).toEqual({ other_account: 0, outside_organization: 3, byAccount: new Map([["999988887777", 2]]) });
  });

  it("drops every other account's events in a source that is not an organisation source", () => {
    const dropped = noneDropped();
    const groups = attributed([event(MEMBER), event(OWNER)], attributionFor(OWNER, false, routes), dropped);
    expect(groups.get(owner)).toHaveLength(1);
    expect(dropped).toMatchObject({ other_account: 1, outside_organization: 0 });
    expect(dropped.byAccount.size).toBe(0);
  });

  it("counts at most MAX_COUNTED_ACCOUNTS distinct accounts per object, and every event in the total", () => {
    const dropped = noneDropped();
    const strangers = Array.from({ length: MAX_COUNTED_ACCOUNTS + 5 }, (_, index) => event(String(900_000_000_000 + index)));
    attributed(strangers, attributionFor(OWNER, true, routes), dropped);
    expect(dropped.byAccount.size).toBe(MAX_COUNTED_ACCOUNTS);
    expect(dropped.outside_organization).toBe(MAX_COUNTED_ACCOUNTS + 5);
  });
});
