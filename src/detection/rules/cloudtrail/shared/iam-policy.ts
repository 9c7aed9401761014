/**
 * IAM policy documents as CloudTrail logs them: an object, JSON text, or (older IAM records and some
 * SDKs) URL-encoded JSON text. Rules that judge what a policy grants read it through these helpers.
 */
import { asArray, field, isObject, jsonDocument, text, type Json } from "./request.js";

/** The policy a parameter carries, decoded from any of its spellings; undefined when it is none. */
export function policyDocument(value: unknown): Json | undefined {
  const direct = jsonDocument(value);
  if (direct) return direct;
  const raw = text(value);
  if (!raw || !raw.startsWith("%7B")) return undefined;
  try {
    return jsonDocument(decodeURIComponent(raw.replace(/\+/g, " ")));
  } catch {
    return undefined;
  }
}

/** The Allow statements of a policy (a lone statement may be logged as an object, not an array). */
export function allowStatements(policy: Json): Json[] {
  return asArray(field(policy, "Statement")).filter(
    (statement): statement is Json => isObject(statement) && text(field(statement, "Effect"))?.toLowerCase() === "allow",
  );
}

/**
 * Actions that amount to administrator power when allowed on every resource: everything, every IAM
 * action (the holder can grant itself anything), or assuming any role.
 */
const ADMIN_EQUIVALENT_ACTIONS = new Set(["*", "*:*", "iam:*", "sts:assumerole"]);

/**
 * What an Allow statement grants that is administrator-equivalent — e.g. `"*" on "*"` — or undefined.
 * NotAction with Resource "*" allows everything but a list, so it counts as "*". Conditions are not
 * weighed: a condition rarely narrows an admin grant enough to matter, and judging one needs context.
 */
export function adminEquivalentGrant(policy: Json): string | undefined {
  for (const statement of allowStatements(policy)) {
    const resources = asArray(field(statement, "Resource")).map(String);
    if (!resources.includes("*")) continue;
    if (field(statement, "NotAction") !== undefined) return `every action except ${asArray(field(statement, "NotAction")).map(String).join(", ")} on "*"`;
    const broad = asArray(field(statement, "Action")).map(String).filter((action) => ADMIN_EQUIVALENT_ACTIONS.has(action.toLowerCase()));
    if (broad.length > 0) return `${broad.map((action) => `"${action}"`).join(", ")} on "*"`;
  }
  return undefined;
}
