import { apiCall } from "../../../testing/cloudtrail.js";
import { runInBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { instanceUserDataReadRule } from "./rule.js";

const TYPE = "Discovery:IAMUser/InstanceUserDataRead";
const rule = instanceUserDataReadRule();

function attributeRead(instanceId: string, attribute: string, extra: Record<string, unknown> = {}) {
  return apiCall({ eventName: "DescribeInstanceAttribute", requestParameters: { instanceId, attribute }, ...extra });
}

describe(TYPE, () => {
  it("raises Medium when one identity downloads the user data of several instances", () => {
    const found = runInBatches(rule, callSeries(3, (i) => attributeRead(`i-000${i}`, "userData")));
    expect(found.at(-1)!.meta.type).toBe(TYPE);
    expect(found.at(-1)!.severity).toBe(5);
    expect(found.at(-1)!.templateValues.instanceList).toBe("i-0000, i-0001, i-0002");
    expect(new Set(found.map((c) => c.aggregationKey)).size).toBe(1);
  });

  it("raises Low for a single instance's user data", () => {
    const found = runInBatches(rule, [attributeRead("i-0001", "userData")]);
    expect(found.map((c) => c.severity)).toEqual([2]);
  });

  it("does not count instances whose other attributes were read too, as an infrastructure-as-code refresh does", () => {
    const refresh = callSeries(12, (i) => attributeRead(`i-000${i % 3}`, ["userData", "disableApiTermination", "instanceInitiatedShutdownBehavior", "disableApiStop"][Math.floor(i / 3)]));
    expect(runInBatches(rule, refresh, undefined, 100)).toEqual([]);
  });

  it("ignores other attributes, failed reads and AWS services", () => {
    expect(runInBatches(rule, callSeries(3, (i) => attributeRead(`i-${i}`, "instanceType")))).toEqual([]);
    expect(runInBatches(rule, callSeries(3, (i) => attributeRead(`i-${i}`, "userData", { errorCode: "Client.UnauthorizedOperation" })))).toEqual([]);
    const invoked = callSeries(3, (i) =>
      attributeRead(`i-${i}`, "userData", { userIdentity: { type: "AssumedRole", principalId: "AROA:x", accountId: "111122223333", invokedBy: "cloudformation.amazonaws.com" } }),
    );
    expect(runInBatches(rule, invoked)).toEqual([]);
  });

  it("keeps principals apart", () => {
    const two = callSeries(2, (i) =>
      attributeRead(`i-${i}`, "userData", { userIdentity: { type: "IAMUser", principalId: `AIDA${i}`, arn: `arn:aws:iam::111122223333:user/u${i}`, accountId: "111122223333" } }),
    );
    expect(runInBatches(rule, two).map((c) => c.severity)).toEqual([2, 2]);
  });
});
