/**
 * Which CloudTrail calls are reads, which reads ask for a whole inventory rather than named
 * resources, and which inventories attackers walk first. Values are facts about AWS APIs.
 */
import type { CloudTrailEvent } from "../../../events.js";

/** List*, Describe*, Get*: the management reads an enumeration walks (S3 object reads are data events, left out). */
export function isManagementRead(event: CloudTrailEvent): boolean {
  if (event.readOnly === false || event.eventCategory === "Data") return false;
  const name = event.eventName;
  const first = name.charCodeAt(0);
  if (first === 0x4c) return name.startsWith("List"); // L
  if (first === 0x44) return name.startsWith("Describe"); // D
  if (first === 0x47) return name.startsWith("Get"); // G
  return false;
}

/** Parameters that page or size an answer, or pick entity kinds: they do not name a resource. */
const NON_SCOPING = new Set([
  "maxResults",
  "maxItems",
  "maxRecords",
  "maxKeys",
  "nextToken",
  "marker",
  "limit",
  "pageSize",
  "startingToken",
  "filter",
  "ownersSet",
  "includeAllInstances",
  "allRegions",
  "scope",
  "pathPrefix",
  "onlyAttached",
]);

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") {
    for (const key in value as Record<string, unknown>) if (!isEmpty((value as Record<string, unknown>)[key])) return false;
    return true;
  }
  return false;
}

/**
 * True when the call names no resource: an inventory ("give me everything"), not a read of something
 * the caller already knows. Terraform and the SDK-built tools read their resources by id or filter.
 */
export function isUnscoped(requestParameters: Record<string, unknown> | null): boolean {
  if (requestParameters === null) return true;
  for (const key in requestParameters) if (!NON_SCOPING.has(key) && !isEmpty(requestParameters[key])) return false;
  return true;
}

/**
 * "<eventSource>:<eventName>" of the inventories an attacker reads to learn who they are and what the
 * account holds: identity, identities and their power, buckets, snapshots, secrets, keys, functions,
 * the organization and its contacts, the defences (trails, detectors, recorders) and mail sending
 * (SES logs its classic and v2 APIs under ses.amazonaws.com).
 * Listing instances is left out: it is the read administrators make most, and counts in the breadth.
 */
export const RECON_APIS: ReadonlySet<string> = new Set([
  "sts.amazonaws.com:GetCallerIdentity",
  "iam.amazonaws.com:GetAccountAuthorizationDetails",
  "iam.amazonaws.com:GetAccountSummary",
  "iam.amazonaws.com:ListUsers",
  "iam.amazonaws.com:ListRoles",
  "iam.amazonaws.com:ListGroups",
  "iam.amazonaws.com:ListPolicies",
  "iam.amazonaws.com:ListAccessKeys",
  "iam.amazonaws.com:GetAccountPasswordPolicy",
  "s3.amazonaws.com:ListBuckets",
  "ec2.amazonaws.com:DescribeSnapshots",
  "secretsmanager.amazonaws.com:ListSecrets",
  "ssm.amazonaws.com:DescribeParameters",
  "kms.amazonaws.com:ListKeys",
  "lambda.amazonaws.com:ListFunctions",
  "lambda.amazonaws.com:ListFunctions20150331",
  "cloudtrail.amazonaws.com:DescribeTrails",
  "guardduty.amazonaws.com:ListDetectors",
  "securityhub.amazonaws.com:DescribeHub",
  "config.amazonaws.com:DescribeConfigurationRecorders",
  "organizations.amazonaws.com:DescribeOrganization",
  "organizations.amazonaws.com:ListAccounts",
  "organizations.amazonaws.com:DescribeAccount",
  "account.amazonaws.com:GetContactInformation",
  "account.amazonaws.com:GetAlternateContact",
  "ses.amazonaws.com:GetSendQuota",
  "ses.amazonaws.com:GetAccountSendingEnabled",
  "ses.amazonaws.com:ListIdentities",
  "ses.amazonaws.com:GetIdentityVerificationAttributes",
  "ses.amazonaws.com:GetIdentityDkimAttributes",
  "ses.amazonaws.com:GetAccount",
  "ses.amazonaws.com:ListEmailIdentities",
]);

/**
 * Inventory reads that name what they ask about and are still reconnaissance: SES's per-identity
 * reads take the identities ListIdentities just returned, to learn which ones can send mail.
 */
export const RECON_EVEN_SCOPED: ReadonlySet<string> = new Set(["ses.amazonaws.com:GetIdentityVerificationAttributes", "ses.amazonaws.com:GetIdentityDkimAttributes"]);
