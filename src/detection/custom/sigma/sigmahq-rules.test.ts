/**
 * SigmaHQ's AWS CloudTrail rules (test/fixtures/sigma, DRL 1.1): every one of the 57 compiles; of the
 * 9 that SigmaHQ keeps apart, the placeholder rule and the `near` correlation are refused with why.
 * A few rules are run on records that must and must not fire, checked against each rule's intent.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../../paths.js";
import { compileSigmaRule } from "./compile.js";

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "sigma");
const read = (folder: string, name: string) => readFileSync(path.join(FIXTURES, folder, name), "utf8");
const files = (folder: string) => readdirSync(path.join(FIXTURES, folder)).filter((name) => name.endsWith(".yml")).sort();

function outcome(folder: string, name: string): string {
  try {
    compileSigmaRule(read(folder, name));
    return "compiles";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("SigmaHQ's AWS CloudTrail rules", () => {
  it("all 57 rules compile, each with its author", () => {
    const names = files("rules");
    expect(names).toHaveLength(57);
    expect(names.filter((name) => outcome("rules", name) !== "compiles")).toEqual([]);
    for (const name of names) expect(compileSigmaRule(read("rules", name)).info.author).not.toBe("");
  });

  it("of the 9 kept apart, the count() rules compile and two are refused, saying why", () => {
    const refused = Object.fromEntries(files("unsupported").map((name) => [name, outcome("unsupported", name)]).filter(([, result]) => result !== "compiles"));
    expect(files("unsupported")).toHaveLength(9);
    expect(refused).toEqual({
      "aws_cloudtrail_console_login_success_from_susp_locations.yml": expect.stringContaining("modifier 'expand' is not supported"),
      "aws_lambda_function_created_or_invoked.yml": expect.stringContaining("'near' correlations are deprecated"),
    });
    expect(compileSigmaRule(read("unsupported", "aws_macic_evasion.yml")).aggregation).toEqual({ groupBy: ["sourceIPAddress"], atLeast: 6, windowMs: 600_000 });
  });

  it("IMDS credentials used outside the instance: fires on an aws: role session, not on SSM's own registration", () => {
    const rule = compileSigmaRule(read("rules", "aws_cloudtrail_imds_malicious_usage.yml"));
    const session = { userIdentity: { arn: "arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc" }, eventSource: "s3.amazonaws.com", eventName: "ListBuckets", sourceIPAddress: "203.0.113.9" };
    expect(rule.matches(session)).toBe(true);
    expect(rule.matches({ ...session, eventSource: "ssm.amazonaws.com" })).toBe(false);
    expect(rule.matches({ ...session, userIdentity: { arn: "arn:aws:sts::111122223333:assumed-role/admin/alice" } })).toBe(false);
  });

  it("UpdateLoginProfile: fires on another user's password, compares the caller's ARN by fieldref", () => {
    const rule = compileSigmaRule(read("rules", "aws_update_login_profile.yml"));
    const call = { eventSource: "iam.amazonaws.com", eventName: "UpdateLoginProfile", userIdentity: { arn: "arn:aws:iam::111122223333:user/alice" }, requestParameters: { userName: "bob" } };
    expect(rule.matches(call)).toBe(true);
    expect(rule.matches({ ...call, eventName: "CreateLoginProfile" })).toBe(false);
  });

  it("S3 Browser policy template: needs every quoted piece of the placeholder policy in the request", () => {
    const rule = compileSigmaRule(read("rules", "aws_iam_s3browser_templated_s3_bucket_policy_creation.yml"));
    const policy = { Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::<YOUR-BUCKET-NAME>/*"] }] };
    const call = { eventSource: "iam.amazonaws.com", eventName: "PutUserPolicy", userAgent: "S3 Browser 11.5.7", requestParameters: { userName: "u", policyDocument: JSON.stringify(policy) } };
    expect(rule.matches(call)).toBe(true);
    expect(rule.matches({ ...call, requestParameters: { userName: "u", policyDocument: JSON.stringify({ ...policy, Statement: [{ ...policy.Statement[0], Resource: ["arn:aws:s3:::real/*"] }] }) } })).toBe(false);
  });
});
