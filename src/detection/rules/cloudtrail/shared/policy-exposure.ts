/**
 * Who a bucket policy lets in, judged the way S3 Block Public Access defines "public": an Allow
 * statement for every principal ("*", {"AWS": "*"}, or NotPrincipal) is public unless a condition
 * pins the caller down to fixed values — an organization, account, ARN, VPC, VPC endpoint, user id,
 * or address range. Negated operators and …IfExists operators pin nothing down (a request without
 * the key passes), and neither does a wildcard value. A statement whose only condition is "the
 * caller is some AWS principal" (aws:PrincipalArn like arn:aws:iam::*:…, aws:PrincipalType not
 * Anonymous) is open to every authenticated AWS user rather than to anyone. Negated operators and
 * ForAllValues pin nothing down either. Beside "everyone", policyAccountGrants lists the accounts a
 * policy names by id or ARN, for rules that judge whether those accounts are outsiders.
 */
import { principalAccount } from "./accounts.js";
import { asArray, field, isObject, text, type Json } from "./request.js";

export type Exposure = "anonymous" | "authenticated";

export type PolicyGrant = { exposure: Exposure; statement: string };

const RESTRICTING_KEYS = new Set(
  [
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:userid",
    "aws:username",
    "aws:VpcSourceIp",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
    // Other services' policies: a KMS key used only by callers of named accounts (the pattern of
    // AWS-managed key policies), an EFS file system reached only through its VPC mount targets.
    "kms:CallerAccount",
    "elasticfilesystem:AccessedViaMountTarget",
  ].map((key) => key.toLowerCase()),
);

/** Keys that, with a wildcard account, only say "some AWS principal". */
const AUTHENTICATED_ONLY_KEYS = new Set(["aws:principalarn", "aws:principalaccount", "aws:userid", "aws:principaltype"]);

function grantsEveryone(statement: Json): boolean {
  if (field(statement, "NotPrincipal") !== undefined) return true;
  const principal = field(statement, "Principal");
  if (text(principal) === "*") return true;
  return asArray(field(principal, "AWS")).some((value) => value === "*");
}

/** Operators a request can only pass by carrying one of the listed values (ForAllValues passes on an absent key). */
function isPositiveOperator(operator: string): boolean {
  const lower = operator.toLowerCase();
  return !(lower.endsWith("ifexists") || lower.includes("not") || lower === "null" || lower.startsWith("forallvalues:"));
}

function isWildcardOnly(value: string): boolean {
  return /^[*?]*$/.test(value);
}

/** An ARN whose account field is a wildcard names "any account". */
function isAnyAccountArn(value: string): boolean {
  const parts = value.split(":");
  return value.startsWith("arn:") && parts.length >= 5 && (parts[4] === "" || parts[4].includes("*") || parts[4].includes("?"));
}

function isOpenSourceRange(key: string, value: string): boolean {
  return key === "aws:sourceip" && (value.endsWith("/0") || value === "0.0.0.0" || value === "::");
}

type ConditionEffect = "restricts" | "authenticated-only" | "none";

function conditionEffect(condition: unknown): ConditionEffect {
  if (!isObject(condition)) return "none";
  let effect: ConditionEffect = "none";
  for (const [operator, tests] of Object.entries(condition)) {
    if (!isObject(tests)) continue;
    for (const [rawKey, rawValues] of Object.entries(tests)) {
      const key = rawKey.toLowerCase();
      const values = asArray(rawValues).map(String);
      if (key === "aws:principaltype" && operator.toLowerCase().includes("not") && values.some((v) => v.toLowerCase() === "anonymous")) {
        effect = "authenticated-only";
        continue;
      }
      if (!isPositiveOperator(operator) || !RESTRICTING_KEYS.has(key) || values.length === 0) continue;
      const pinned = values.every((value) => !isWildcardOnly(value) && !isAnyAccountArn(value) && !isOpenSourceRange(key, value));
      if (pinned) return "restricts";
      if (AUTHENTICATED_ONLY_KEYS.has(key)) effect = "authenticated-only";
    }
  }
  return effect;
}

function describe(statement: Json, index: number): string {
  const sid = text(field(statement, "Sid"));
  const actions = asArray(field(statement, "Action") ?? field(statement, "NotAction")).map(String);
  return `statement ${sid ? `"${sid}"` : index + 1} allows ${actions.length > 0 ? actions.join(", ") : "all actions"}`;
}

/** Statements granting everyone: "*" principals not pinned down by a condition. */
export function policyGrants(policy: Json): PolicyGrant[] {
  const grants: PolicyGrant[] = [];
  asArray(field(policy, "Statement")).forEach((statement, index) => {
    if (!isObject(statement) || text(field(statement, "Effect")) !== "Allow" || !grantsEveryone(statement)) return;
    const effect = conditionEffect(field(statement, "Condition"));
    if (effect === "restricts") return;
    grants.push({ exposure: effect === "authenticated-only" ? "authenticated" : "anonymous", statement: describe(statement, index) });
  });
  return grants;
}

const ORGANIZATION_KEYS = new Set(["aws:principalorgid", "aws:principalorgpaths"]);

/** A condition that admits only principals of a named organization (or organizational unit). */
function isPinnedToOrganization(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).some(
    ([operator, tests]) =>
      isPositiveOperator(operator) &&
      isObject(tests) &&
      Object.entries(tests).some(([key, values]) => {
        const named = asArray(values).map(String);
        return ORGANIZATION_KEYS.has(key.toLowerCase()) && named.length > 0 && named.every((value) => !isWildcardOnly(value));
      }),
  );
}

export type AccountGrant = { account: string; statement: string };

/**
 * Accounts an Allow statement names as principals (a bare id or any ARN in the account) that
 * `isOutside` counts as outsiders. A statement pinned to an organization is the organization's
 * business, whatever account it names; other conditions (addresses, VPCs) still let the account in.
 */
export function policyAccountGrants(policy: Json, isOutside: (account: string) => boolean): AccountGrant[] {
  const grants: AccountGrant[] = [];
  asArray(field(policy, "Statement")).forEach((statement, index) => {
    if (!isObject(statement) || text(field(statement, "Effect")) !== "Allow") return;
    if (isPinnedToOrganization(field(statement, "Condition"))) return;
    for (const principal of asArray(field(field(statement, "Principal"), "AWS"))) {
      const account = typeof principal === "string" ? principalAccount(principal) : undefined;
      if (account && isOutside(account) && !grants.some((grant) => grant.account === account)) {
        grants.push({ account, statement: `${describe(statement, index)} to account ${account}` });
      }
    }
  });
  return grants;
}
