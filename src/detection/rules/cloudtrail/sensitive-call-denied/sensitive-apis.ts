/**
 * The calls whose refusal says something: they would have granted power, read secrets, reached into
 * another account, changed the organization or silenced logging. Facts about AWS APIs.
 */
import type { CloudTrailEvent } from "../../../events.js";
import type { DetectionContext } from "../../../engine/types.js";
import { isOutsideAccount, principalAccount } from "../shared/accounts.js";
import { field, flag, text } from "../shared/request.js";

const IAM_GRANTING_PREFIXES = ["Create", "Attach", "Put", "Add", "Update"];
const IAM_GRANTING: ReadonlySet<string> = new Set(["SetDefaultPolicyVersion", "DeleteRolePermissionsBoundary", "DeleteUserPermissionsBoundary", "PassRole"]);

const BY_SOURCE: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries({
    "secretsmanager.amazonaws.com": { GetSecretValue: "reads a secret", BatchGetSecretValue: "reads secrets in bulk" },
    "kms.amazonaws.com": { Decrypt: "decrypts data with a KMS key" },
    "ec2.amazonaws.com": { GetPasswordData: "reads an instance's Windows administrator password" },
    "cloudtrail.amazonaws.com": {
      StopLogging: "stops CloudTrail",
      DeleteTrail: "deletes a trail",
      UpdateTrail: "changes a trail",
      PutEventSelectors: "changes what a trail records",
    },
    "guardduty.amazonaws.com": {
      DeleteDetector: "deletes GuardDuty",
      UpdateDetector: "changes GuardDuty",
      DisassociateFromMasterAccount: "detaches GuardDuty from its administrator",
      DisassociateFromAdministratorAccount: "detaches GuardDuty from its administrator",
      StopMonitoringMembers: "stops GuardDuty on member accounts",
      DeleteMembers: "removes GuardDuty member accounts",
    },
    // Not PutBucketPolicy or PutBucketAcl: S3 answers AccessDenied also when Block Public Access
    // refuses a public grant, which is the guard working, and the code does not tell that from a
    // missing permission. Lifting the guard itself stays; denied bursts count the rest.
    "s3.amazonaws.com": { DeletePublicAccessBlock: "lifts a bucket's public-access block" },
    "lambda.amazonaws.com": {
      UpdateFunctionCode20150331v2: "replaces a function's code",
      AddPermission20150331v2: "lets others invoke a function",
    },
  }).map(([source, apis]) => [source, new Map(Object.entries(apis))]),
);

function ssmDecryption(event: CloudTrailEvent): string | undefined {
  if (!event.eventName.startsWith("GetParameter")) return undefined;
  return flag(field(event.requestParameters, "withDecryption")) === true ? "decrypts SecureString parameters" : undefined;
}

function assumedInOtherAccount(event: CloudTrailEvent, context: DetectionContext): string | undefined {
  if (!event.eventName.startsWith("AssumeRole")) return undefined;
  const role = text(field(event.requestParameters, "roleArn"));
  const account = role && principalAccount(role);
  return account && isOutsideAccount(account, event, context) ? `assumes a role in account ${account}, outside the organization` : undefined;
}

/** Why a refusal of this call matters, or undefined when the call is not sensitive. */
export function sensitivity(event: CloudTrailEvent, context: DetectionContext): string | undefined {
  const name = event.eventName;
  switch (event.eventSource) {
    case "iam.amazonaws.com":
      return IAM_GRANTING.has(name) || IAM_GRANTING_PREFIXES.some((prefix) => name.startsWith(prefix)) ? "creates or grants IAM power" : undefined;
    case "organizations.amazonaws.com":
      // A refused LeaveOrganization is organization-leave's finding (Medium), not a second one here.
      return name === "LeaveOrganization" ? undefined : "reads or changes the AWS organization";
    case "ssm.amazonaws.com":
      return ssmDecryption(event);
    case "sts.amazonaws.com":
      return assumedInOtherAccount(event, context);
  }
  return BY_SOURCE.get(event.eventSource)?.get(name);
}
