import { apiCall, runRule, testContext, types } from "../../../testing/cloudtrail.js";
import { pantherRecord } from "../../../testing/panther.js";
import { readFixture, type PantherCase } from "../../../testing/fixtures.js";
import { RESOURCE_CALLS, RESOURCE_TYPES } from "./resource-calls.js";
import { resourcePolicyOutsideRule as rule } from "./rule.js";

const TYPE = "Exfiltration:IAMUser/ResourceSharedOutside";
const OUTSIDE = "999988887777";

function call(eventSource: string, eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return apiCall({ eventSource, eventName, readOnly: false, requestParameters, ...extra });
}

const policy = (principal: unknown, condition?: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "*", Resource: "*", ...(condition ? { Condition: condition } : {}) }] });

describe("Exfiltration:IAMUser/ResourceSharedOutside", () => {
  it.each([
    ["a KMS key policy", call("kms.amazonaws.com", "PutKeyPolicy", { keyId: "k1", policyName: "default", policy: policy({ AWS: `arn:aws:iam::${OUTSIDE}:root` }) }), "KMS key"],
    ["a new KMS key's policy", call("kms.amazonaws.com", "CreateKey", { policy: policy({ AWS: OUTSIDE }) }), "KMS key"],
    ["a KMS grant", call("kms.amazonaws.com", "CreateGrant", { keyId: "k1", granteePrincipal: `arn:aws:iam::${OUTSIDE}:role/x`, operations: ["Decrypt"] }), "KMS key"],
    ["a secret's policy", call("secretsmanager.amazonaws.com", "PutResourcePolicy", { secretId: "db", resourcePolicy: policy({ AWS: OUTSIDE }) }), "Secrets Manager secret"],
    ["an ECR repository policy", call("ecr.amazonaws.com", "SetRepositoryPolicy", { repositoryName: "app", policyText: policy({ AWS: OUTSIDE }) }), "ECR repository"],
    ["an SQS permission", call("sqs.amazonaws.com", "AddPermission", { queueUrl: "https://sqs/q", label: "l", aWSAccountIds: [OUTSIDE], actions: ["SendMessage"] }), "SQS queue"],
    ["an SNS topic policy", call("sns.amazonaws.com", "SetTopicAttributes", { topicArn: "arn:t", attributeName: "Policy", attributeValue: policy({ AWS: OUTSIDE }) }), "SNS topic"],
  ])("fires on %s naming an outside account, at 7", (_case, record, kind) => {
    const [candidate] = runRule(rule, record);
    expect([candidate.meta.type, candidate.severity, candidate.templateValues.kind, candidate.templateValues.sharedWith]).toEqual([TYPE, 7, kind, `account ${OUTSIDE}`]);
    expect(candidate.action).toMatchObject({ affectedResources: { [RESOURCE_TYPES[kind]]: expect.any(String) } });
  });

  it("fires at 8 on a resource opened to everyone", () => {
    const record = call("sqs.amazonaws.com", "SetQueueAttributes", { queueUrl: "https://sqs/q", attributes: { Policy: policy("*") } });
    const [candidate] = runRule(rule, record);
    expect([candidate.severity, candidate.templateValues.sharedWith]).toEqual([8, "everyone (public)"]);
  });

  it.each([
    ["a key policy for the own account", call("kms.amazonaws.com", "PutKeyPolicy", { keyId: "k1", policy: policy({ AWS: "arn:aws:iam::111122223333:root" }) })],
    ["a new key with the default policy", call("kms.amazonaws.com", "CreateKey", { keySpec: "SYMMETRIC_DEFAULT" })],
    ["a grant to a role of the own account", call("kms.amazonaws.com", "CreateGrant", { keyId: "k1", granteePrincipal: "arn:aws:iam::111122223333:role/app" })],
    ["a grant to a service principal", call("kms.amazonaws.com", "CreateGrant", { keyId: "k1", granteePrincipal: "logs.eu-west-1.amazonaws.com" })],
    [
      "a grant an AWS service made for the account",
      call("kms.amazonaws.com", "CreateGrant", { keyId: "k1", granteePrincipal: `arn:aws:iam::${OUTSIDE}:role/service` }, {
        userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/app/s", accountId: "111122223333", invokedBy: "ec2.amazonaws.com" },
      }),
    ],
    ["a topic policy pinned to its owner", call("sns.amazonaws.com", "SetTopicAttributes", { topicArn: "arn:t", attributeName: "Policy", attributeValue: policy({ AWS: "*" }, { StringEquals: { "AWS:SourceOwner": "111122223333" } }) })],
    ["a topic attribute other than its policy", call("sns.amazonaws.com", "SetTopicAttributes", { topicArn: "arn:t", attributeName: "DisplayName", attributeValue: "*" })],
    ["a secret policy pinned to the organization", call("secretsmanager.amazonaws.com", "PutResourcePolicy", { secretId: "db", resourcePolicy: policy({ AWS: OUTSIDE }, { StringEquals: { "aws:PrincipalOrgID": "o-abc" } }) })],
    ["a queue policy for a service", call("sqs.amazonaws.com", "SetQueueAttributes", { queueUrl: "q", attributes: { Policy: policy({ Service: "sns.amazonaws.com" }) } })],
    ["a failed call", call("ecr.amazonaws.com", "SetRepositoryPolicy", { repositoryName: "app", policyText: policy("*") }, { errorCode: "AccessDeniedException" })],
  ])("does not fire on %s", (_case, record) => {
    expect(runRule(rule, record)).toEqual([]);
  });

  it("does not fire for accounts of the organization", () => {
    const record = call("kms.amazonaws.com", "PutKeyPolicy", { keyId: "k1", policy: policy({ AWS: OUTSIDE }) });
    expect(runRule(rule, record, testContext({}, { affiliatedAccountIds: new Set([OUTSIDE]) }))).toEqual([]);
  });

  it("routes every call it reads, with a CloudFormation type for each kind", () => {
    const routed = rule.triggers!.flatMap((trigger) => trigger.eventNames.map((name) => `${trigger.eventSource} ${name}`));
    expect(routed.sort()).toEqual(RESOURCE_CALLS.map((c) => `${c.eventSource} ${c.eventName}`).sort());
    for (const c of RESOURCE_CALLS) expect(RESOURCE_TYPES[c.kind]).toMatch(/^AWS::/);
  });

  // Panther's ResourceMadePublic covers every resource type; S3 buckets are s3-public-access-granted's.
  const cases = readFixture<PantherCase[]>("panther-cloudtrail-related.json").filter(
    (c) => c.rule_id === "AWS.CloudTrail.ResourceMadePublic" && c.log.eventSource !== "s3.amazonaws.com",
  );
  it.each(cases.map((c) => [c.test_name, c.expected_result, c.log] as const))("agrees with Panther ResourceMadePublic / %s (%s)", (_test, expected, log) => {
    expect(types(runRule(rule, pantherRecord(log)))).toEqual(expected ? [TYPE] : []);
  });
});
