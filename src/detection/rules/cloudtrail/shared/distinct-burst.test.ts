import { SEVERITY, type FindingCandidate, type FindingTypeMeta } from "../../../engine/types.js";
import { apiCall, cloudTrailEvent, testContext } from "../../../testing/cloudtrail.js";
import { countWith, distinctBurstRule, FAILED, SUCCEEDED, type BurstPartial } from "./distinct-burst.js";
import { field, text } from "./request.js";

const META: FindingTypeMeta = {
  type: "Discovery:IAMUser/TestBurst",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "t",
  description: "d",
  mitre: { tactic: "Discovery", technique: "T0000" },
  aggregation: "account + principal",
  vigilOnly: true,
};

const rule = distinctBurstRule({
  id: "test-burst",
  meta: META,
  windowMs: 600_000,
  eventSource: "ec2.amazonaws.com",
  eventNames: new Set(["DescribeInstanceAttribute"]),
  maxValues: 3,
  subjectOf: (event) => event.identity.principalId,
  valuesOf: (event) => [text(field(event.requestParameters, "instanceId")) ?? ""],
  judge: (partial) => (countWith(partial.values, SUCCEEDED) >= 3 ? { templateValues: { n: String(partial.calls) } } : undefined),
});

function partialOf(instances: string[], errorCode?: string): BurstPartial {
  const partials = new Map<string, BurstPartial>();
  instances.forEach((instanceId, i) =>
    rule.accumulate(
      cloudTrailEvent(apiCall({ eventName: "DescribeInstanceAttribute", requestParameters: { instanceId }, eventID: `e-${instanceId}-${i}`, errorCode })),
      testContext(),
      partials,
    ),
  );
  return [...partials.values()][0];
}

describe("distinct-values windows", () => {
  it("merges associatively and commutatively, keeping the lowest values past the cap and the newest sample", () => {
    const a = partialOf(["i-1", "i-5"]);
    const b = partialOf(["i-2"], "Client.UnauthorizedOperation");
    const c = partialOf(["i-3", "i-4"]);
    const left = rule.merge(rule.merge(a, b), c);
    const right = rule.merge(a, rule.merge(c, b));
    expect(JSON.stringify(left)).toBe(JSON.stringify(right));
    expect(Object.keys(left.values).sort()).toEqual(["i-1", "i-2", "i-3"]);
    expect(left.values["i-2"]).toBe(FAILED);
    expect([left.calls, left.failures]).toEqual([5, 1]);
  });

  it("ignores other calls and decides on the merged value, keyed on the subject", () => {
    const partials = new Map<string, BurstPartial>();
    rule.accumulate(cloudTrailEvent(apiCall({ eventName: "DescribeInstances" })), testContext(), partials);
    expect(partials.size).toBe(0);
    const found: FindingCandidate[] = [];
    const merged = rule.merge(partialOf(["i-1", "i-2"]), partialOf(["i-3"]));
    rule.decide("1772359200000|111122223333|AIDAEXAMPLEUSER00001", merged, testContext(), (candidate) => found.push(candidate));
    expect(found.map((candidate) => candidate.aggregationKey)).toEqual(["111122223333|AIDAEXAMPLEUSER00001"]);
    expect(found[0].additionalInfo).toMatchObject({ calls: 3, windowMinutes: 10 });
  });
});
