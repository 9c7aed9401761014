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

  it("recognises sessions of service-linked roles, whatever their source address", () => {
    const serviceLinked = {
      ...role,
      sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO", userName: "AWSServiceRoleForSSO" } },
    };
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: serviceLinked, sourceIPAddress: "52.94.133.131" })))).toBe(true);
    const named = { ...role, sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/AWSServiceRoleForSSO", userName: "AWSServiceRoleForSSO" } } };
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: named, sourceIPAddress: "52.94.133.131" })))).toBe(false);
  });

  it("leaves principals calling from an address, console clicks included, to the rules", () => {
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall()))).toBe(false);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: { ...role, invokedBy: "console.amazonaws.com" } })))).toBe(false);
    expect(isAwsActingForAccount(cloudTrailEvent(apiCall({ userIdentity: role, sourceIPAddress: "10.0.1.5" })))).toBe(false);
  });
});
