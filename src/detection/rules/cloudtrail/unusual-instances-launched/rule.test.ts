import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture } from "../../../testing/fixtures.js";
import { unusualType } from "./instance-types.js";
import { unusualInstancesLaunchedRule as rule } from "./rule.js";

const TYPE = "Impact:IAMUser/UnusualInstancesLaunched";

function runInstances(instanceType: unknown, maxCount = 1, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventName: "RunInstances",
    readOnly: false,
    requestParameters: { instanceType, instancesSet: { items: [{ imageId: "ami-1", minCount: 1, maxCount }] }, monitoring: { enabled: false } },
    ...extra,
  });
}

describe(TYPE, () => {
  it.each(["p2.xlarge", "p5.48xlarge", "g4dn.xlarge", "g5g.2xlarge", "inf2.xlarge", "trn1.32xlarge", "dl1.24xlarge", "f1.2xlarge", "vt1.3xlarge"])(
    "reads %s as accelerated",
    (instanceType) => expect(unusualType(instanceType)?.accelerated).toBe(true),
  );

  it.each(["c5.metal", "m5.24xlarge", "x1e.32xlarge", "u-6tb1.metal"])("reads %s as unusually large", (instanceType) => {
    expect(unusualType(instanceType)).toMatchObject({ accelerated: false });
  });

  it.each(["t3.micro", "m5.large", "c6g.4xlarge", "r5.16xlarge", "m6gd.12xlarge", "hpc7g.4xlarge"])("reads %s as ordinary", (instanceType) => {
    expect(unusualType(instanceType)).toBeUndefined();
  });

  it("fires on a GPU launch, with the type named as a string or as { value }", () => {
    expect(types(runRule(rule, runInstances("p2.xlarge")))).toEqual([TYPE]);
    const [found] = runRule(rule, runInstances({ value: "g4dn.12xlarge" }));
    expect(found.templateValues.instanceType).toBe("g4dn.12xlarge");
    expect(found.severity).toBe(5);
  });

  it("fires on a refused attempt: the intent shows", () => {
    const [found] = runRule(rule, runInstances("p3.16xlarge", 10, { errorCode: "Client.UnauthorizedOperation" }));
    expect(found.severity).toBe(8);
    expect(found.templateValues.outcome).toContain("Client.UnauthorizedOperation");
  });

  it("fires on many ordinary instances in one call, and on spot requests", () => {
    expect(types(runRule(rule, runInstances("t3.micro", 20)))).toEqual([TYPE]);
    const spot = apiCall({ eventName: "RequestSpotInstances", readOnly: false, requestParameters: { instanceCount: 1, launchSpecification: { instanceType: "p4d.24xlarge" } } });
    expect(types(runRule(rule, spot))).toEqual([TYPE]);
  });

  it("does not fire on a few ordinary instances, or on a launch template that names no type", () => {
    expect(runRule(rule, runInstances("t3.micro", 3))).toEqual([]);
    expect(runRule(rule, runInstances(undefined, 2))).toEqual([]);
  });

  it("raises Low for launches an AWS service (Auto Scaling) makes for its group", () => {
    const scaling = (instanceType: string) =>
      runInstances(instanceType, 1, {
        sourceIPAddress: "autoscaling.amazonaws.com",
        userIdentity: { type: "AssumedRole", principalId: "AROA:AutoScaling", accountId: "111122223333", invokedBy: "autoscaling.amazonaws.com" },
      });
    const [found] = runRule(rule, scaling("g5.xlarge"));
    expect(found.severity).toBe(2);
    expect(found.templateValues.outcome).toContain("autoscaling.amazonaws.com");
    expect(runRule(rule, scaling("m5.large"))).toEqual([]);
  });

  it("keys the finding on principal and instance type", () => {
    const [a] = runRule(rule, runInstances("p2.xlarge"));
    const [b] = runRule(rule, runInstances("p2.xlarge", 4));
    const [c] = runRule(rule, runInstances("g5.xlarge"));
    expect(b.aggregationKey).toBe(a.aggregationKey);
    expect(c.aggregationKey).not.toBe(a.aggregationKey);
  });
});

describe("on real records", () => {
  const cases = readFixture<Array<{ rule_id: string; test_name: string; expected_result: boolean; log: Record<string, unknown> }>>("panther-discovery-impact.json").filter(
    (c) => c.rule_id === "AWS.EC2.LaunchUnusualEC2Instances",
  );

  it.each(cases.map((c) => [c.test_name, c.expected_result, c.log] as const))("agrees with Panther AWS.EC2.LaunchUnusualEC2Instances / %s (%s)", (_name, expected, log) => {
    expect(runRule(rule, pantherRecord(log)).length > 0).toBe(expected);
  });
});
