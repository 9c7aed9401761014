import { apiCall, runRule, types } from "../../../testing/cloudtrail.js";
import { renderedText } from "../../../testing/rendered.js";
import { SEVERITY } from "../../../engine/types.js";
import { iamCredentialsForAnotherUserRule as rule } from "./rule.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { pantherRecord } from "../../../testing/panther.js";

const KEY_TYPE = "Persistence:IAMUser/AccessKeyCreatedForAnotherUser";
const PROFILE_TYPE = "PrivilegeEscalation:IAMUser/LoginProfileChangedForAnotherUser";

const ROLE_SESSION = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLEROLE00001:alice",
  arn: "arn:aws:sts::111122223333:assumed-role/admin/alice",
  accountId: "111122223333",
  accessKeyId: "ASIAEXAMPLEKEY000001",
  sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/admin", userName: "admin", accountId: "111122223333" } },
};

function iamCall(eventName: string, requestParameters: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource: "iam.amazonaws.com", eventName, readOnly: false, awsRegion: "us-east-1", requestParameters, ...extra });
}

const createdKey = { accessKey: { userName: "bob", accessKeyId: "AKIAEXAMPLENEWKEY001", status: "Active" } };

describe("credentials created for another IAM user", () => {
  it("fires when a user creates an access key for another user, naming the new key", () => {
    const [finding] = runRule(rule, iamCall("CreateAccessKey", { userName: "bob" }, { responseElements: createdKey }));
    expect(finding.meta.type).toBe(KEY_TYPE);
    expect(finding.severity).toBe(SEVERITY.MEDIUM);
    expect(finding.templateValues).toMatchObject({ targetUser: "bob", newAccessKey: "AKIAEXAMPLENEWKEY001" });
    expect(finding.action).toMatchObject({ affectedResources: { "AWS::IAM::User": "bob" } });
  });

  it("fires when a role session creates a key for any user, even one named like its session", () => {
    expect(types(runRule(rule, iamCall("CreateAccessKey", { userName: "alice" }, { userIdentity: ROLE_SESSION })))).toEqual([KEY_TYPE]);
  });

  it.each([
    ["CreateLoginProfile", { userName: "bob", passwordResetRequired: false }],
    ["UpdateLoginProfile", { userName: "bob" }],
  ])("fires at Medium on %s for another user without a forced reset", (eventName, parameters) => {
    const [finding] = runRule(rule, iamCall(eventName, parameters));
    expect(finding.meta.type).toBe(PROFILE_TYPE);
    expect(finding.severity).toBe(SEVERITY.MEDIUM);
    expect(finding.templateValues.targetUser).toBe("bob");
  });

  it("lowers a password reset that must be changed at first sign-in to Low", () => {
    const [finding] = runRule(rule, iamCall("UpdateLoginProfile", { userName: "bob", passwordResetRequired: true }, { userIdentity: ROLE_SESSION }));
    expect(finding.severity).toBe(SEVERITY.LOW);
  });

  it("lowers a key CloudFormation created for a stack's user to Low", () => {
    const identity = { ...ROLE_SESSION, invokedBy: "cloudformation.amazonaws.com" };
    const [finding] = runRule(rule, iamCall("CreateAccessKey", { userName: "app" }, { userIdentity: identity, sourceIPAddress: "cloudformation.amazonaws.com" }));
    expect(finding.severity).toBe(SEVERITY.LOW);
  });

  it("lowers a key a web-identity CI session (Terraform in a pipeline) created to Low", () => {
    const identity = {
      ...ROLE_SESSION,
      sessionContext: { ...ROLE_SESSION.sessionContext, webIdFederationData: { federatedProvider: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" } },
    };
    expect(runRule(rule, iamCall("CreateAccessKey", { userName: "app" }, { userIdentity: identity }))[0].severity).toBe(SEVERITY.LOW);
  });

  it.each([
    ["CreateAccessKey", { userName: "alice" }],
    ["CreateAccessKey", null],
    ["UpdateLoginProfile", { userName: "alice", passwordResetRequired: false }],
    ["CreateUser", { userName: "bob" }],
    ["DeleteAccessKey", { userName: "bob", accessKeyId: "AKIAEXAMPLENEWKEY001" }],
  ])("does not fire on %s by the user for itself or on other calls (%j)", (eventName, parameters) => {
    expect(runRule(rule, iamCall(eventName, parameters))).toEqual([]);
  });

  it("does not fire when the call failed", () => {
    expect(runRule(rule, iamCall("CreateAccessKey", { userName: "bob" }, { errorCode: "AccessDenied" }))).toEqual([]);
    expect(runRule(rule, iamCall("CreateLoginProfile", { userName: "bob" }, { errorCode: "EntityAlreadyExistsException" }))).toEqual([]);
  });

  it("keys the finding on the target user", () => {
    const [first] = runRule(rule, iamCall("CreateAccessKey", { userName: "bob" }));
    const [again] = runRule(rule, iamCall("CreateAccessKey", { userName: "bob" }, { userIdentity: ROLE_SESSION }));
    const [other] = runRule(rule, iamCall("CreateAccessKey", { userName: "carol" }));
    expect(first.aggregationKey).toBe(again.aggregationKey);
    expect(other.aggregationKey).not.toBe(first.aggregationKey);
  });

  it("renders every placeholder of the title and description", () => {
    for (const record of [iamCall("CreateAccessKey", { userName: "bob" }, { responseElements: createdKey }), iamCall("UpdateLoginProfile", { userName: "bob", passwordResetRequired: true })]) {
      const found = runRule(rule, record);
      expect(found).toHaveLength(1);
      expect(renderedText(found[0])).not.toContain("unknown");
    }
  });

  describe("on real records", () => {
    const stratus = readFixture<Record<string, Array<Record<string, unknown>>>>("stratus-persistence.json");
    const raised = (technique: string) => stratus[technique].flatMap((record) => runRule(rule, record)).map((candidate) => `${candidate.meta.type} ${candidate.templateValues.targetUser}`);

    it("fires on the Stratus Red Team detonations that give another user a key or a console password", () => {
      expect(raised("aws.persistence.iam-create-admin-user")).toEqual([`${KEY_TYPE} malicious-iam-user`]);
      expect(raised("aws.persistence.iam-create-user-login-profile")).toEqual([`${PROFILE_TYPE} stratus-red-team-login-profile-user`]);
      expect(raised("aws.privilege-escalation.iam-update-user-login-profile")).toEqual([`${PROFILE_TYPE} stratus-red-team-update-login-profile-user`]);
    });

    const panther = readFixture<PantherCase[]>("panther-persistence.json").filter((c) => ["AWS.User.Login.Profile.Modified"].includes(c.rule_id));
    /** Cases where Vigil decides otherwise on purpose, and why. */
    const DELIBERATE = new Map<string, string>([
      ["ChangeOwnPassword", "a role session is never the IAM user it names, whatever its session name: the caller chooses that name"],
      ["User changed password for other reset required", "a forced reset still hands whoever set the password the first sign-in: raised at Low"],
    ]);

    it.each(panther.map((c) => [c.rule_id, c.test_name, c.expected_result, c.log] as const))("agrees with Panther %s / %s (%s) unless deliberately not", (_rule, test, expected, log) => {
      expect(runRule(rule, pantherRecord(log)).length > 0).toBe(DELIBERATE.has(test) ? !expected : expected);
    });
  });
});
