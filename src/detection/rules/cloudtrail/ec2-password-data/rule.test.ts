import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { runBatches, callSeries } from "../../../testing/cloudtrail-batches.js";
import { ec2PasswordDataBurstRule, ec2PasswordDataRule } from "./rule.js";

const SINGLE = "CredentialAccess:IAMUser/EC2PasswordDataRetrieved";
const BURST = "CredentialAccess:IAMUser/EC2PasswordDataRetrievalBurst";
const burstRule = ec2PasswordDataBurstRule();

function passwordCall(instanceId: string, extra: Record<string, unknown> = {}) {
  return apiCall({ eventName: "GetPasswordData", requestParameters: { instanceId }, ...extra });
}

const calls = (count: number, instance: (i: number) => string, extra: Record<string, unknown> = {}) =>
  callSeries(count, (i) => passwordCall(instance(i), extra));

const denied = { errorCode: "Client.UnauthorizedOperation", errorMessage: "You are not authorized to perform this operation." };

describe("CredentialAccess:IAMUser/EC2PasswordDataRetrieved", () => {
  it("fires Low on one successful retrieval, naming the instance", () => {
    const found = runRule(ec2PasswordDataRule, passwordCall("i-0abc"));
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[SINGLE, 3]]);
    expect(found[0].action).toMatchObject({ affectedResources: { "AWS::EC2::Instance": "i-0abc" } });
    expect(found[0].aggregationKey).toBe("111122223333|AIDAEXAMPLEUSER00001");
  });

  it("leaves a single refused call and AWS acting for the account alone", () => {
    expect(runRule(ec2PasswordDataRule, passwordCall("i-0abc", denied))).toEqual([]);
    const service = { type: "AWSService", invokedBy: "ssm.amazonaws.com" };
    expect(runRule(ec2PasswordDataRule, passwordCall("i-0abc", { userIdentity: service, sourceIPAddress: "ssm.amazonaws.com" }))).toEqual([]);
  });

  it("does not fire on other EC2 calls", () => {
    expect(runRule(ec2PasswordDataRule, apiCall({ eventName: "GetConsoleOutput", requestParameters: { instanceId: "i-0abc" } }))).toEqual([]);
  });
});

describe("CredentialAccess:IAMUser/EC2PasswordDataRetrievalBurst", () => {
  it("fires High on five distinct instances in minutes, successful or not", () => {
    const mixed = calls(5, (i) => `i-0${i}`).map((record, i) => (i % 2 ? { ...record, ...denied } : record));
    const found = runBatches(burstRule, [mixed]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[BURST, 8]]);
    expect(found[0].additionalInfo).toMatchObject({ instanceCount: 5, failedCalls: 2, calls: 5 });
    expect(runBatches(burstRule, [calls(4, (i) => `i-0${i}`)])).toEqual([]);
  });

  it("fires on ten refused attempts even on one instance", () => {
    expect(types(runBatches(burstRule, [calls(10, () => "i-0abc", denied)]))).toEqual([BURST]);
    expect(runBatches(burstRule, [calls(9, () => "i-0abc", denied)])).toEqual([]);
  });

  it("stays quiet on a waiter polling one new instance until its password is ready", () => {
    expect(runBatches(burstRule, [calls(40, () => "i-0new")])).toEqual([]);
  });

  it("keeps identities apart", () => {
    const bob = { type: "IAMUser", principalId: "AIDABOB", arn: "arn:aws:iam::111122223333:user/bob", accountId: "111122223333", userName: "bob" };
    const split = calls(8, (i) => `i-0${i}`).map((record, i) => (i % 2 ? { ...record, userIdentity: bob } : record));
    expect(runBatches(burstRule, [split])).toEqual([]);
  });
});
