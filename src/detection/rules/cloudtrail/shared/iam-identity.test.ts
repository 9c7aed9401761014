import type { CloudTrailIdentity } from "../../../events.js";
import { isCallersOwnUser, isHumanIdentity } from "./iam-identity.js";

const alice: CloudTrailIdentity = { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice" };
const session = (issuerArn: string): CloudTrailIdentity => ({
  type: "AssumedRole",
  arn: "arn:aws:sts::111122223333:assumed-role/x/alice",
  sessionIssuer: { type: "Role", arn: issuerArn, userName: "x" },
});

describe("IAM identities", () => {
  it("counts a call on the caller's own user as its own", () => {
    expect(isCallersOwnUser(alice, "alice")).toBe(true);
    expect(isCallersOwnUser(alice, "bob")).toBe(false);
  });

  it("counts any named user as another for role sessions and root, even when the session name matches", () => {
    expect(isCallersOwnUser(session("arn:aws:iam::111122223333:role/x"), "alice")).toBe(false);
    expect(isCallersOwnUser({ type: "Root", arn: "arn:aws:iam::111122223333:root" }, "alice")).toBe(false);
  });

  it("tells people from pipelines", () => {
    expect(isHumanIdentity(alice)).toBe(true);
    expect(isHumanIdentity({ type: "FederatedUser" })).toBe(true);
    expect(isHumanIdentity(session("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123"))).toBe(true);
    expect(isHumanIdentity(session("arn:aws:iam::111122223333:role/github-deploy"))).toBe(false);
    expect(isHumanIdentity({ type: "AWSService" })).toBe(false);
  });
});
