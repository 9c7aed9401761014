import type { CloudTrailEvent } from "../../../events.js";
import { apiCall, cloudTrailEvent, testContext } from "../../../testing/cloudtrail.js";
import { identityBurstRule, mergeValues, type IdentityBurstPartial } from "./identity-burst.js";

const rule = identityBurstRule({
  id: "test-burst",
  findingTypes: [],
  settings: { windowMs: 60_000, cap: 4 },
  observe: (event) => ({ subject: event.eventSource, values: [event.eventName] }),
  decide: () => undefined,
});

function fold(names: string[], time = "2026-03-01T10:00:00Z"): Map<string, IdentityBurstPartial> {
  const partials = new Map<string, IdentityBurstPartial>();
  names.forEach((eventName, i) => {
    const event: CloudTrailEvent = cloudTrailEvent(apiCall({ eventName, eventTime: time, eventID: `id-${i}-${eventName}` }));
    rule.accumulate(event, testContext(), partials);
  });
  return partials;
}

describe("distinct-value burst partials", () => {
  it("keeps the lowest distinct values, sorted, whatever the order they arrive in", () => {
    const [a] = [...fold(["e", "b", "b", "f", "a", "c", "d"]).values()];
    const [b] = [...fold(["d", "c", "a", "f", "b", "e"]).values()];
    expect(a.values).toEqual(["a", "b", "c", "d"]);
    expect(b.values).toEqual(a.values);
  });

  it("merges associatively and commutatively, keeping the earliest event as the sample", () => {
    const x = [...fold(["a", "z"], "2026-03-01T10:00:01Z").values()][0];
    const y = [...fold(["c", "b"], "2026-03-01T10:00:02Z").values()][0];
    const z = [...fold(["d", "a"], "2026-03-01T10:00:03Z").values()][0];
    const left = rule.merge(rule.merge(x, y), z);
    const right = rule.merge(x, rule.merge(z, y));
    expect(left).toEqual(right);
    expect(left.values).toEqual(["a", "b", "c", "d"]);
    expect(left.sample.time).toBe(Date.parse("2026-03-01T10:00:01Z"));
    expect(JSON.parse(JSON.stringify(left))).toEqual(left);
  });

  it("keys partials by window start, account, principal and subject", () => {
    const keys = [...fold(["a"]).keys()];
    expect(keys).toEqual([`${Date.parse("2026-03-01T10:00:00Z")}|111122223333|AIDAEXAMPLEUSER00001|ec2.amazonaws.com`]);
    expect(mergeValues(["b"], ["a", "b"], 4)).toEqual(["a", "b"]);
  });
});
