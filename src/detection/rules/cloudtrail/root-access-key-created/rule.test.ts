import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { rootAccessKeyCreatedRule as rule } from "./rule.js";

const TYPE = "Persistence:IAMUser/RootAccessKeyCreated";
const root = { type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333", accessKeyId: "ASIAEXAMPLEROOT00001" };

function createKey(userIdentity: Record<string, unknown>, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({
    eventSource: "iam.amazonaws.com",
    eventName: "CreateAccessKey",
    readOnly: false,
    userIdentity,
    requestParameters,
    responseElements: { accessKey: { accessKeyId: "AKIAEXAMPLENEWKEY001", status: "Active", userName: "root" } },
    ...extra,
  });
}

describe("Persistence:IAMUser/RootAccessKeyCreated", () => {
  it("fires High when root creates a key for itself, naming the key", () => {
    const found = runRule(rule, createKey(root, null));
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([[TYPE, 8]]);
    expect(found[0].aggregationKey).toBe("111122223333");
    expect(found[0].templateValues.accessKey).toBe("AKIAEXAMPLENEWKEY001");
  });

  it("stays quiet when root creates an IAM user's key, when the call failed, and for IAM users", () => {
    expect(runRule(rule, createKey(root, { userName: "deploy" }))).toEqual([]);
    expect(runRule(rule, createKey(root, null, { errorCode: "LimitExceeded", responseElements: null }))).toEqual([]);
    expect(types(runRule(rule, createKey({ type: "IAMUser", userName: "alice", arn: "arn:aws:iam::111122223333:user/alice" }, null)))).toEqual([]);
  });
});
