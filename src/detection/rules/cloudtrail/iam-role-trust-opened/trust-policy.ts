/**
 * Who outside the known accounts a role trust policy lets assume the role. An Allow statement opens
 * the role to "*" (Principal "*", {"AWS": "*"} or NotPrincipal) unless a condition pins callers to an
 * organization or to known accounts, and to an outside account when a principal names one. AWS
 * service principals act for the account and are not outsiders. Federated principals are identity
 * providers, which live in the role's own account: only a provider ARN naming an outside account is
 * counted (an open web-identity trust is a misconfiguration better judged by a posture check).
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { DetectionContext } from "../../../engine/types.js";
import { isOutsideAccount, principalAccount } from "../shared/accounts.js";
import { allowStatements } from "../shared/iam-policy.js";
import { asArray, field, isObject, text, type Json } from "../shared/request.js";

export type TrustOpening = {
  /** "*" and/or the outside account ids, in policy order. */
  outsiders: string[];
  /** True when every opening statement demands an sts:ExternalId. */
  externalIdRequired: boolean;
};

const ORG_KEYS = new Set(["aws:principalorgid", "aws:principalorgpaths"]);
const ACCOUNT_KEYS = new Set(["aws:principalaccount", "aws:principalarn", "aws:sourceaccount"]);
const EXTERNAL_ID_KEYS = new Set(["sts:externalid"]);

function conditionValues(condition: unknown, keys: ReadonlySet<string>): string[] | undefined {
  if (!isObject(condition)) return undefined;
  for (const [operator, tests] of Object.entries(condition)) {
    if (!isObject(tests) || operator.toLowerCase().includes("not") || operator.toLowerCase().endsWith("ifexists")) continue;
    for (const [key, values] of Object.entries(tests)) if (keys.has(key.toLowerCase())) return asArray(values).map(String);
  }
  return undefined;
}

/** A wildcard trust is closed when a condition limits callers to an organization or to known accounts only. */
function wildcardIsPinned(statement: Json, event: CloudTrailEvent, context: DetectionContext): boolean {
  const condition = field(statement, "Condition");
  if (conditionValues(condition, ORG_KEYS)?.some((value) => !value.includes("*"))) return true;
  const accounts = conditionValues(condition, ACCOUNT_KEYS)?.map(principalAccount);
  return accounts !== undefined && accounts.length > 0 && accounts.every((account) => account !== undefined && !isOutsideAccount(account, event, context));
}

function opensToEveryone(statement: Json): boolean {
  if (field(statement, "NotPrincipal") !== undefined) return true;
  const principal = field(statement, "Principal");
  return text(principal) === "*" || asArray(field(principal, "AWS")).includes("*");
}

function outsideAccounts(statement: Json, event: CloudTrailEvent, context: DetectionContext): string[] {
  const principal = field(statement, "Principal");
  const named = [...asArray(field(principal, "AWS")), ...asArray(field(principal, "Federated"))];
  const accounts: string[] = [];
  for (const value of named) {
    const account = typeof value === "string" ? principalAccount(value) : undefined;
    if (account && isOutsideAccount(account, event, context) && !accounts.includes(account)) accounts.push(account);
  }
  return accounts;
}

function requiresExternalId(statement: Json): boolean {
  return conditionValues(field(statement, "Condition"), EXTERNAL_ID_KEYS) !== undefined;
}

export function trustOpening(policy: Json, event: CloudTrailEvent, context: DetectionContext): TrustOpening | undefined {
  const outsiders: string[] = [];
  let externalIdRequired = true;
  for (const statement of allowStatements(policy)) {
    const opened = opensToEveryone(statement) ? (wildcardIsPinned(statement, event, context) ? [] : ["*"]) : outsideAccounts(statement, event, context);
    if (opened.length === 0) continue;
    for (const outsider of opened) if (!outsiders.includes(outsider)) outsiders.push(outsider);
    externalIdRequired &&= requiresExternalId(statement);
  }
  return outsiders.length > 0 ? { outsiders, externalIdRequired } : undefined;
}
