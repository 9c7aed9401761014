import { apiCall, cloudTrailEvent } from "../../../testing/cloudtrail.js";
import { isAwsActingForAccount } from "./aws-acting.js";

describe("AWS acting for the account", () => {
  const role = { type: "AssumedRole", principalId: "AROAEXAMPLE:s", arn: "arn:aws:sts::111122223333:assumed-role/r/s", accountId: "111122223333" };

  it("recognises service principals, service-invoked calls and service names as the source", () => {
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: { type: "AWSService", invokedBy: "ecs.amazonaws.com" } })))).toBe(true);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: { ...role, invokedBy: "cloudformation.amazonaws.com" } })))).toBe(true);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: role, sourceIPAddress: "lambda.amazonaws.com" })))).toBe(true);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: role, sourceIPAddress: "AWS Internal" })))).toBe(true);
  });

  it("leaves principals calling from an address, console clicks included, to the rules", () => {
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall()))).toBe(false);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: { ...role, invokedBy: "console.amazonaws.com" } })))).toBe(false);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: role, sourceIPAddress: "10.0.1.5" })))).toBe(false);
  });
});
