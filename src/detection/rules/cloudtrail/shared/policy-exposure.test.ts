import { policyAccountGrants, policyGrants } from "./policy-exposure.js";

function policy(statement: Record<string, unknown>) {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...statement }] };
}

const exposures = (document: Record<string, unknown>) => policyGrants(document).map((grant) => grant.exposure);

describe("policyGrants", () => {
  it.each([
    ["Principal *", { Principal: "*" }],
    ['Principal {"AWS": "*"}', { Principal: { AWS: "*" } }],
    ['Principal {"AWS": ["*"]}', { Principal: { AWS: ["*"] } }],
    ["NotPrincipal", { NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }],
    ["a condition on transport only", { Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ["a negated condition", { Principal: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } }],
    ["an IfExists condition", { Principal: "*", Condition: { StringEqualsIfExists: { "aws:SourceVpc": "vpc-1" } } }],
    ["a wildcard organization", { Principal: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }],
    ["an address range covering everything", { Principal: "*", Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } } }],
  ])("is open to anyone with %s", (_case, statement) => {
    expect(exposures(policy(statement))).toEqual(["anonymous"]);
  });

  it.each([
    ["an organization", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["an address range", { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } }],
    ["a VPC endpoint", { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c" } }],
    ["a source account", { StringEquals: { "aws:SourceAccount": "111122223333" } }],
    ["a principal ARN in one account", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*" } }],
    ["a KMS caller account (AWS-managed key policies)", { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.eu-west-1.amazonaws.com" } }],
    ["EFS mount-target access", { Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" } }],
  ])("is restricted by %s", (_case, condition) => {
    expect(exposures(policy({ Principal: "*", Condition: condition }))).toEqual([]);
  });

  it("is open to every authenticated AWS user when only 'some AWS principal' is required", () => {
    expect(exposures(policy({ Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:*" } } }))).toEqual(["authenticated"]);
    expect(exposures(policy({ Principal: "*", Condition: { StringNotEquals: { "aws:PrincipalType": "Anonymous" } } }))).toEqual(["authenticated"]);
  });

  it("ignores Deny statements, named principals and services", () => {
    expect(exposures(policy({ Effect: "Deny", Principal: "*" }))).toEqual([]);
    expect(exposures(policy({ Principal: { AWS: "arn:aws:iam::111122223333:root" } }))).toEqual([]);
    expect(exposures(policy({ Principal: { Service: "cloudtrail.amazonaws.com" } }))).toEqual([]);
  });

  it("reports each open statement of a mixed policy", () => {
    const mixed = {
      Statement: [
        { Sid: "Org", Effect: "Allow", Principal: "*", Action: "s3:*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } },
        { Sid: "Web", Effect: "Allow", Principal: "*", Action: "s3:GetObject" },
      ],
    };
    expect(policyGrants(mixed)).toEqual([{ exposure: "anonymous", statement: 'statement "Web" allows s3:GetObject' }]);
  });
});

describe("policyAccountGrants", () => {
  const outside = (account: string) => account !== "111122223333";
  const accounts = (document: Record<string, unknown>) => policyAccountGrants(document, outside).map((grant) => grant.account);

  it.each([
    ["a bare account id", { Principal: { AWS: "999988887777" } }],
    ["the account root", { Principal: { AWS: "arn:aws:iam::999988887777:root" } }],
    ["a role in the account, among own principals", { Principal: { AWS: ["arn:aws:iam::111122223333:role/app", "arn:aws:iam::999988887777:role/x"] } }],
    ["an address condition only", { Principal: { AWS: "999988887777" }, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }],
    ["a negated organization condition", { Principal: { AWS: "999988887777" }, Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc" } } }],
  ])("names the outside account given %s", (_case, statement) => {
    expect(accounts(policy(statement))).toEqual(["999988887777"]);
  });

  it.each([
    ["the own account", { Principal: { AWS: "arn:aws:iam::111122223333:root" } }],
    ["a service principal", { Principal: { Service: "cloudtrail.amazonaws.com" } }],
    ["everyone (the public-access rule's business)", { Principal: "*" }],
    ["a Deny statement", { Effect: "Deny", Principal: { AWS: "999988887777" } }],
    ["a statement pinned to an organization", { Principal: { AWS: "999988887777" }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }],
    ["a deleted principal's unique id", { Principal: { AWS: "AROAEXAMPLEROLEID0001" } }],
  ])("names no outside account given %s", (_case, statement) => {
    expect(accounts(policy(statement))).toEqual([]);
  });

  it("names each outside account once", () => {
    const document = policy({ Principal: { AWS: ["999988887777", "arn:aws:iam::999988887777:root"] } });
    expect(accounts(document)).toEqual(["999988887777"]);
  });
});
