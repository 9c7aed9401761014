/**
 * Which GuardDuty AnomalousBehavior family an API call belongs to. GuardDuty names example APIs per
 * family (reference §4.3); Vigil keeps those and extends each family by the verb and service that
 * make the examples what they are, so APIs it has never listed still land in the right family.
 * Order matters: the specific families are tried before the broad verb-based ones.
 */
export type ApiFamily =
  | "CredentialAccess"
  | "DefenseEvasion"
  | "Discovery"
  | "Exfiltration"
  | "Impact"
  | "InitialAccess"
  | "Persistence"
  | "PrivilegeEscalation";

const CREDENTIAL_ACCESS = new Set([
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "ec2:GetPasswordData",
  "rds:GenerateDbAuthToken",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "iam:GetCredentialReport",
  "kms:Decrypt",
]);

const INITIAL_ACCESS = new Set([
  "ssm:StartSession",
  "ecr:GetAuthorizationToken",
  "ecr-public:GetAuthorizationToken",
  "sts:GetFederationToken",
  "sts:GetSessionToken",
  "sso:GetRoleCredentials",
  "codeartifact:GetAuthorizationToken",
]);

const EXFILTRATION = new Set([
  "s3:PutBucketReplication",
  "ec2:CreateSnapshot",
  "ec2:CreateSnapshots",
  "ec2:CopySnapshot",
  "ec2:ModifySnapshotAttribute",
  "ec2:ModifyImageAttribute",
  "ec2:CreateImage",
  "ec2:ExportImage",
  "rds:RestoreDBInstanceFromDBSnapshot",
  "rds:CreateDBSnapshot",
  "rds:CreateDBClusterSnapshot",
  "rds:ModifyDBSnapshotAttribute",
  "rds:ModifyDBClusterSnapshotAttribute",
  "rds:CopyDBSnapshot",
  "lambda:GetFunction",
]);

const PRIVILEGE_ESCALATION = new Set([
  "ec2:AssociateIamInstanceProfile",
  "ec2:ReplaceIamInstanceProfileAssociation",
  "iam:AddUserToGroup",
  "iam:PutUserPolicy",
  "iam:PutRolePolicy",
  "iam:PutGroupPolicy",
  "iam:AttachUserPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachGroupPolicy",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateLoginProfile",
  "iam:PassRole",
]);

const PERSISTENCE = new Set([
  "iam:CreateAccessKey",
  "iam:CreateUser",
  "iam:CreateLoginProfile",
  "iam:CreateRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateServiceSpecificCredential",
  "iam:UploadSSHPublicKey",
  "iam:CreateVirtualMFADevice",
  "ec2:ImportKeyPair",
  "ec2:CreateKeyPair",
  "ec2:ModifyInstanceAttribute",
  "lambda:AddPermission",
  "lambda:UpdateFunctionCode",
  "lambda:CreateFunction",
  "lambda:PublishLayerVersion",
  "lambda:AddLayerVersionPermission",
  "rolesanywhere:CreateTrustAnchor",
  "rolesanywhere:CreateProfile",
]);

/** Services whose job is to record or watch: turning them off or down is evasion, not impact. */
const WATCHING_SERVICES = new Set([
  "cloudtrail",
  "guardduty",
  "config",
  "securityhub",
  "logs",
  "monitoring",
  "cloudwatch",
  "access-analyzer",
  "inspector2",
  "macie2",
  "detective",
  "events",
]);
const EVASION_VERB = /^(Delete|Disable|Stop|Update|Put|Remove|Disassociate|Deregister|Leave)/;
const DEFENSE_EVASION = new Set(["ec2:DeleteFlowLogs", "organizations:LeaveOrganization", "route53resolver:DeleteResolverQueryLogConfig", "waf:DeleteWebACL", "wafv2:DeleteWebACL"]);

const DISCOVERY_VERB = /^(Describe|Get|List|Head|Search|Lookup|BatchGet|Scan|Query|Select)/;
const IMPACT_VERB = /^(Delete|Terminate|Put|Update|Run|Modify|Authorize|Revoke|Stop|Reboot|Detach|Disable|Remove|Replace|Reset|Cancel|Purge|Create)/;

/** Lambda and a few others log versioned names ("AddPermission20150331v2"); the family is the verb's. */
function plainName(eventName: string): string {
  return eventName.replace(/\d{8}(v\d+)?$/, "");
}

/** "iam.amazonaws.com" → "iam" */
export function serviceOf(eventSource: string): string {
  const dot = eventSource.indexOf(".");
  return dot > 0 ? eventSource.slice(0, dot) : eventSource;
}

export function apiName(eventSource: string, eventName: string): string {
  return `${serviceOf(eventSource)}:${plainName(eventName)}`;
}

export function apiFamily(eventSource: string, eventName: string): ApiFamily | undefined {
  const service = serviceOf(eventSource);
  const name = plainName(eventName);
  const api = `${service}:${name}`;
  if (CREDENTIAL_ACCESS.has(api)) return "CredentialAccess";
  if (INITIAL_ACCESS.has(api)) return "InitialAccess";
  if (EXFILTRATION.has(api)) return "Exfiltration";
  if (PRIVILEGE_ESCALATION.has(api)) return "PrivilegeEscalation";
  if (PERSISTENCE.has(api)) return "Persistence";
  if (DEFENSE_EVASION.has(api) || (WATCHING_SERVICES.has(service) && EVASION_VERB.test(name))) return "DefenseEvasion";
  if (DISCOVERY_VERB.test(name)) return "Discovery";
  if (IMPACT_VERB.test(name)) return "Impact";
  return undefined;
}
