import { adminEquivalentGrant, allowStatements, policyDocument } from "./iam-policy.js";

const ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

describe("IAM policy documents", () => {
  it("reads a policy given as an object, as JSON text or as URL-encoded JSON text", () => {
    expect(policyDocument(ADMIN)).toEqual(ADMIN);
    expect(policyDocument(JSON.stringify(ADMIN))).toEqual(ADMIN);
    expect(policyDocument(encodeURIComponent(JSON.stringify(ADMIN)))).toEqual(ADMIN);
    expect(policyDocument("%7Bnot json")).toBeUndefined();
    expect(policyDocument("arn:aws:iam::aws:policy/AdministratorAccess")).toBeUndefined();
  });

  it("keeps only Allow statements, whether Statement is an array or one object", () => {
    expect(allowStatements({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } })).toHaveLength(1);
    expect(allowStatements({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] })).toEqual([]);
  });

  it.each([
    [ADMIN, '"*" on "*"'],
    [{ Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "iam:*"], Resource: ["*"] }] }, '"iam:*" on "*"'],
    [{ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }, '"sts:AssumeRole" on "*"'],
    [{ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }, 'every action except iam:* on "*"'],
  ])("names an administrator-equivalent grant in %j", (policy, grant) => {
    expect(adminEquivalentGrant(policy)).toBe(grant);
  });

  it.each([
    [{ Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket/*" }] }],
    [{ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }],
    [{ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }],
    [{ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/deploy" }] }],
  ])("finds no administrator grant in %j", (policy) => {
    expect(adminEquivalentGrant(policy)).toBeUndefined();
  });
});
