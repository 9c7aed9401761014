import { SEVERITY } from "../../../engine/types.js";
import { apiCall, INSTANCE_SESSION, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, readJsonLinesFixture, type PantherCase } from "../../../testing/fixtures.js";
import { instanceCredentialExfiltrationRule as rule } from "./rule.js";

const OUTSIDE = "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS";
const INSIDE = "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS";

function instanceCall(overrides: Record<string, unknown>) {
  return apiCall({ userIdentity: INSTANCE_SESSION, eventSource: "s3.amazonaws.com", eventName: "ListBuckets", ...overrides });
}

describe("InstanceCredentialExfiltration", () => {
  it("fires OutsideAWS for an instance session used from a public address outside AWS", () => {
    const [candidate] = runRule(rule, instanceCall({ sourceIPAddress: "81.2.69.142" }));
    expect(candidate.meta.type).toBe(OUTSIDE);
    expect(candidate.severity).toBe(SEVERITY.HIGH);
    expect(candidate.action).toMatchObject({ affectedResources: { "AWS::EC2::Instance": "i-0123456789abcdef0" } });
  });

  it("recognises instance sessions by the instance-id session name alone", () => {
    const legacy = { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/app/i-0abc1234", accountId: "111122223333" };
    expect(types(runRule(rule, apiCall({ userIdentity: legacy, sourceIPAddress: "81.2.69.142" })))).toEqual([OUTSIDE]);
    const person = { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/app/alice", accountId: "111122223333" };
    expect(runRule(rule, apiCall({ userIdentity: person, sourceIPAddress: "81.2.69.142" }))).toEqual([]);
  });

  it.each([
    ["a private address", { sourceIPAddress: "10.0.1.50" }],
    ["an AWS address (the instance's own public address or NAT gateway)", { sourceIPAddress: "52.42.146.205" }],
    ["an AWS service name", { sourceIPAddress: "ec2.amazonaws.com" }],
    ["a call an AWS service made for the session", { sourceIPAddress: "81.2.69.142", userIdentity: { ...INSTANCE_SESSION, invokedBy: "ssm.amazonaws.com" } }],
    ["the SSM agent's control channel", { sourceIPAddress: "81.2.69.142", eventSource: "ssmmessages.amazonaws.com", eventName: "CreateControlChannel" }],
    ["a VPC endpoint of the role's own account", { sourceIPAddress: "10.0.1.50", vpcEndpointId: "vpce-1", vpcEndpointAccountId: "111122223333" }],
  ])("does not fire for %s", (_case, overrides) => {
    expect(runRule(rule, instanceCall(overrides))).toEqual([]);
  });

  it("fires InsideAWS through another account's VPC endpoint, Medium when that account is affiliated", () => {
    const call = instanceCall({ sourceIPAddress: "10.9.9.9", vpcEndpointId: "vpce-0ther", vpcEndpointAccountId: "444455556666" });
    const [foreign] = runRule(rule, call);
    expect([foreign.meta.type, foreign.severity]).toEqual([INSIDE, SEVERITY.HIGH]);
    expect(foreign.action).toMatchObject({ remoteAccountDetails: { accountId: "444455556666", affiliated: false } });
    const [affiliated] = runRule(rule, call, testContext({}, { affiliatedAccountIds: new Set(["444455556666"]) }));
    expect([affiliated.meta.type, affiliated.severity]).toEqual([INSIDE, SEVERITY.MEDIUM]);
    const [trusted] = runRule(rule, call, testContext({}, { trustedAccountIds: new Set(["444455556666"]) }));
    expect([trusted.meta.type, trusted.severity]).toEqual([INSIDE, SEVERITY.MEDIUM]);
  });

  it("keys the finding on the instance session", () => {
    const [a] = runRule(rule, instanceCall({ sourceIPAddress: "81.2.69.142" }));
    const [b] = runRule(rule, instanceCall({ sourceIPAddress: "81.2.69.143", eventName: "GetObject" }));
    expect(a.aggregationKey).toBe(b.aggregationKey);
  });

  describe("on real records", () => {
    it("fires on exactly the attack events of the OTRF EC2-proxy S3 exfiltration scenario", () => {
      const records = readJsonLinesFixture<Record<string, unknown>>("otrf-ec2-proxy-s3-exfiltration.jsonl.gz");
      const labels = readFixture<Record<string, { is_attack: boolean }>>("otrf-ec2-proxy-s3-exfiltration-labels.json");
      const fired = records.filter((record) => runRule(rule, record).length > 0).map((record) => record.eventID);
      const attacks = records.filter((record) => labels[record.eventID as string].is_attack).map((record) => record.eventID);
      expect(attacks).toHaveLength(11);
      expect(fired).toEqual(attacks);
    });

    // Panther's rule also fires on Amazon-owned addresses; GuardDuty's OutsideAWS type by definition does not.
    const AWS_ADDRESS_CASE = "IMDS Credentials Used From Amazon.com ASN Source IP";
    const cases = readFixture<PantherCase[]>("panther-cloudtrail-direct.json").filter((c) => c.guardduty_analog === OUTSIDE);
    it.each(cases.map((c) => [c.test_name, c] as const))("Panther: %s", (test, pantherCase) => {
      expect(runRule(rule, pantherRecord(pantherCase.log)).length > 0).toBe(pantherCase.expected_result && test !== AWS_ADDRESS_CASE);
    });
  });
});
