import { apiCall, cloudTrailEvent, runRule, testContext } from "../../../testing/cloudtrail.js";
import { SEVERITY, type FindingCandidate, type FindingTypeMeta } from "../../../engine/types.js";
import { impairmentRule } from "./impairment-rule.js";

const META: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/ExampleImpaired",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{serviceName}: {effect}",
  description: "{effect}",
  mitre: { tactic: "Defense Evasion", technique: "T1562" },
  aggregation: "account + region + target",
  vigilOnly: true,
};

const rule = impairmentRule({
  id: "example",
  meta: META,
  table: {
    "example.amazonaws.com": {
      StopThing: () => ({ effect: "stopped the thing", target: "thing-1", resourceType: "AWS::Example::Thing" }),
      TuneThing: () => undefined,
    },
  },
  serviceNames: { "example.amazonaws.com": "Example" },
});

function call(eventName: string, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "example.amazonaws.com", eventName, readOnly: false, ...extra });
}

describe("impairmentRule", () => {
  it("routes exactly the calls of its table", () => {
    expect(rule.triggers).toEqual([{ eventSource: "example.amazonaws.com", eventNames: ["StopThing", "TuneThing"] }]);
  });

  it("emits the check's impairment with the service's name, keyed on region and target", () => {
    const [candidate] = runRule(rule, call("StopThing"));
    expect(candidate.templateValues).toMatchObject({ serviceName: "Example", effect: "stopped the thing", target: "thing-1" });
    expect(candidate.aggregationKey).toBe("111122223333|eu-west-1|example.amazonaws.com|thing-1");
    expect(candidate.severity).toBe(SEVERITY.MEDIUM);
  });

  it("emits nothing when the check finds monitoring whole, or the call failed", () => {
    expect(runRule(rule, call("TuneThing"))).toEqual([]);
    expect(runRule(rule, call("StopThing", { errorCode: "AccessDenied" }))).toEqual([]);
  });

  it("never resolves an event name to an object's built-in members", () => {
    const emitted: FindingCandidate[] = [];
    rule.evaluate(cloudTrailEvent(call("constructor")), testContext(), (candidate) => emitted.push(candidate));
    expect(emitted).toEqual([]);
  });

  it("lowers to Low when an AWS service makes the call for the account", () => {
    const service = call("StopThing", { userIdentity: { type: "AWSService", invokedBy: "cloudformation.amazonaws.com" }, sourceIPAddress: "cloudformation.amazonaws.com" });
    expect(runRule(rule, service)[0].severity).toBe(SEVERITY.LOW);
  });
});
