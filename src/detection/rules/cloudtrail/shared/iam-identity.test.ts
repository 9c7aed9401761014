import type { CloudTrailIdentity } from "../../../events.js";
import { apiCall, cloudTrailEvent } from "../../../testing/cloudtrail.js";
import { isCallersOwnUser, isPipelineCall } from "./iam-identity.js";

const alice: CloudTrailIdentity = { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice" };

function roleSession(sessionContext: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEROLE00001:alice",
    arn: "arn:aws:sts::111122223333:assumed-role/deploy/alice",
    accountId: "111122223333",
    sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/deploy", userName: "deploy" }, webIdFederationData: {}, ...sessionContext },
    ...extra,
  };
}

const called = (userIdentity: Record<string, unknown>) => cloudTrailEvent(apiCall({ userIdentity }));

describe("IAM identities", () => {
  it("counts a call on the caller's own user as its own, and any named user as another for others", () => {
    expect(isCallersOwnUser(alice, "alice")).toBe(true);
    expect(isCallersOwnUser(alice, "bob")).toBe(false);
    expect(isCallersOwnUser(called(roleSession()).identity, "alice")).toBe(false);
    expect(isCallersOwnUser({ type: "Root", arn: "arn:aws:iam::111122223333:root" }, "alice")).toBe(false);
  });

  it("recognises pipelines by marks a user agent cannot fake", () => {
    expect(isPipelineCall(called(roleSession({}, { invokedBy: "cloudformation.amazonaws.com" })))).toBe(true);
    expect(isPipelineCall(called(roleSession({ webIdFederationData: { federatedProvider: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" } })))).toBe(true);
    expect(isPipelineCall(called(roleSession({ ec2RoleDelivery: "2.0" })))).toBe(true);
  });

  it("treats people and plain role sessions as direct calls", () => {
    expect(isPipelineCall(called({ type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333" }))).toBe(false);
    expect(isPipelineCall(called(roleSession()))).toBe(false);
    expect(isPipelineCall(called(roleSession({}, { invokedBy: "signin.amazonaws.com" })))).toBe(false);
  });
});
