/**
 * CloudTrail calls that are signals without being findings: each alone is ordinary (an administrator
 * creates access keys, an application reads its secrets), but it is a step of the story when the same
 * actor walks the stages in order. Severity (1-5) is the step's weight in a sequence: how much it says
 * about intent, not how alarming it is alone. Calls a rule already raises a finding on are here too;
 * the finding takes their place when there is one (collect.ts).
 */
import type { CloudTrailEvent } from "../events.js";
import type { S3DataAccess } from "./signal.js";

export type WeakSignalSpec = {
  tactic: string;
  severity: number;
  /** Timeline phrase: "read" + "secret" → "read secret db-pass" / "read 9 secrets". */
  verb: string;
  noun: string;
  plural?: string;
  s3Data?: S3DataAccess;
  /** Only when the call really does the sensitive thing (decrypting, touching user data…). */
  applies?: (event: CloudTrailEvent) => boolean;
};

const param = (event: CloudTrailEvent, name: string): unknown => event.requestParameters?.[name];

const withDecryption = (event: CloudTrailEvent) => param(event, "withDecryption") === true;
const userDataAttribute = (event: CloudTrailEvent) => param(event, "attribute") === "userData" || param(event, "userData") !== undefined;
const addsLaunchPermission = (event: CloudTrailEvent) => JSON.stringify(param(event, "launchPermission") ?? "").includes("add");
const addsRestoreAccess = (event: CloudTrailEvent) => param(event, "attributeName") === "restore" && param(event, "valuesToAdd") !== undefined;
const addsVolumePermission = (event: CloudTrailEvent) => JSON.stringify(param(event, "createVolumePermission") ?? "").includes("add");
const withoutMfa = (event: CloudTrailEvent) => event.additionalEventData?.MFAUsed === "No";

type Table = Record<string, Record<string, WeakSignalSpec>>;

const credentialAccess = (verb: string, noun: string, severity = 3, applies?: WeakSignalSpec["applies"]): WeakSignalSpec => ({ tactic: "Credential Access", severity, verb, noun, applies });
const discovery = (verb: string, noun: string, severity = 2, applies?: WeakSignalSpec["applies"]): WeakSignalSpec => ({ tactic: "Discovery", severity, verb, noun, applies });
const persistence = (verb: string, noun: string, severity = 3, tactic = "Persistence", applies?: WeakSignalSpec["applies"]): WeakSignalSpec => ({ tactic, severity, verb, noun, applies });
const evasion = (verb: string, noun: string, severity = 4, applies?: WeakSignalSpec["applies"]): WeakSignalSpec => ({ tactic: "Defense Evasion", severity, verb, noun, applies });
const exfiltration = (verb: string, noun: string, severity = 4, applies?: WeakSignalSpec["applies"]): WeakSignalSpec => ({ tactic: "Exfiltration", severity, verb, noun, applies });

export const WEAK_SIGNALS: Table = {
  "secretsmanager.amazonaws.com": {
    GetSecretValue: credentialAccess("read", "secret"),
    BatchGetSecretValue: credentialAccess("read", "batch of secrets", 3),
    ListSecrets: discovery("listed", "secrets", 2),
  },
  "ssm.amazonaws.com": {
    GetParameter: credentialAccess("decrypted", "SecureString parameter", 3, withDecryption),
    GetParameters: credentialAccess("decrypted", "batch of SecureString parameters", 3, withDecryption),
    GetParametersByPath: credentialAccess("decrypted", "parameter path", 3, withDecryption),
    DescribeParameters: discovery("listed", "SSM parameters", 2),
    SendCommand: persistence("ran", "SSM command", 4, "Execution"),
    StartSession: persistence("opened", "SSM session", 3, "Execution"),
  },
  "ec2.amazonaws.com": {
    GetPasswordData: credentialAccess("read", "instance password", 4),
    DescribeInstanceAttribute: discovery("read", "instance user data", 3, userDataAttribute),
    ModifyInstanceAttribute: persistence("changed", "instance user data", 4, "Persistence", userDataAttribute),
    RunInstances: persistence("launched", "instances", 2, "Execution"),
    AuthorizeSecurityGroupIngress: persistence("opened", "security group ingress", 3, "Persistence"),
    ModifyImageAttribute: exfiltration("shared", "AMI", 4, addsLaunchPermission),
    ModifySnapshotAttribute: exfiltration("shared", "EBS snapshot", 4, addsVolumePermission),
    DeleteFlowLogs: evasion("deleted", "flow logs", 5),
    EnableSerialConsoleAccess: persistence("enabled", "EC2 serial console access", 3, "Persistence"),
    ImportKeyPair: persistence("imported", "key pair", 2, "Persistence"),
  },
  "ec2-instance-connect.amazonaws.com": {
    SendSSHPublicKey: persistence("pushed", "SSH key to instance", 4, "Lateral Movement"),
    SendSerialConsoleSSHPublicKey: persistence("pushed", "serial-console SSH key to instance", 4, "Lateral Movement"),
  },
  "iam.amazonaws.com": {
    GetAccountAuthorizationDetails: discovery("dumped", "IAM authorization details", 3),
    ListAccessKeys: discovery("listed", "access keys", 1),
    CreateUser: persistence("created", "IAM user", 3),
    CreateRole: persistence("created", "IAM role", 2),
    CreateAccessKey: persistence("created", "access key for user", 4),
    CreateLoginProfile: persistence("created", "console password for user", 4),
    UpdateLoginProfile: persistence("changed", "console password of user", 4, "Privilege Escalation"),
    UpdateAssumeRolePolicy: persistence("changed", "trust policy of role", 4),
    AttachUserPolicy: persistence("attached", "policy to user", 3, "Privilege Escalation"),
    AttachRolePolicy: persistence("attached", "policy to role", 2, "Privilege Escalation"),
    AttachGroupPolicy: persistence("attached", "policy to group", 2, "Privilege Escalation"),
    PutUserPolicy: persistence("wrote", "inline policy of user", 3, "Privilege Escalation"),
    PutRolePolicy: persistence("wrote", "inline policy of role", 2, "Privilege Escalation"),
    AddUserToGroup: persistence("added", "user to group", 3, "Privilege Escalation"),
    CreatePolicyVersion: persistence("rewrote", "managed policy", 3, "Privilege Escalation"),
    CreateSAMLProvider: persistence("created", "SAML provider", 4),
    CreateOpenIDConnectProvider: persistence("created", "OIDC provider", 4),
  },
  "rolesanywhere.amazonaws.com": {
    CreateTrustAnchor: persistence("created", "Roles Anywhere trust anchor", 4),
    CreateProfile: persistence("created", "Roles Anywhere profile", 3),
  },
  "lambda.amazonaws.com": {
    AddPermission20150331v2: persistence("granted", "invoke permission on function", 3),
    UpdateFunctionCode20150331v2: persistence("replaced", "code of function", 3),
    UpdateFunctionConfiguration20150331v2: persistence("changed", "configuration of function", 2),
    PublishLayerVersion20181031: persistence("published", "Lambda layer", 2),
  },
  "signin.amazonaws.com": {
    ConsoleLogin: { tactic: "Initial Access", severity: 2, verb: "signed in to", noun: "console without MFA", applies: withoutMfa },
  },
  "cloudtrail.amazonaws.com": {
    StopLogging: evasion("stopped", "trail", 5),
    DeleteTrail: evasion("deleted", "trail", 5),
    PutEventSelectors: evasion("changed", "event selectors of trail", 4),
    UpdateTrail: evasion("changed", "trail", 3),
  },
  "guardduty.amazonaws.com": {
    DeleteDetector: evasion("deleted", "GuardDuty detector", 5),
  },
  "route53resolver.amazonaws.com": {
    DeleteResolverQueryLogConfig: evasion("deleted", "DNS query logging", 4),
    DisassociateResolverQueryLogConfig: evasion("detached", "DNS query logging", 4),
  },
  "organizations.amazonaws.com": {
    LeaveOrganization: evasion("tried to leave", "organization", 5),
  },
  "rds.amazonaws.com": {
    ModifyDBSnapshotAttribute: exfiltration("shared", "DB snapshot", 4, addsRestoreAccess),
    ModifyDBClusterSnapshotAttribute: exfiltration("shared", "DB cluster snapshot", 4, addsRestoreAccess),
  },
  "bedrock.amazonaws.com": {
    PutFoundationModelEntitlement: { tactic: "Impact", severity: 3, verb: "enabled", noun: "foundation model access" },
    CreateFoundationModelAgreement: { tactic: "Impact", severity: 3, verb: "accepted", noun: "foundation model agreement" },
    InvokeModel: { tactic: "Impact", severity: 2, verb: "invoked", noun: "foundation model" },
  },
  "kms.amazonaws.com": {
    ScheduleKeyDeletion: { tactic: "Impact", severity: 4, verb: "scheduled deletion of", noun: "KMS key" },
  },
  "s3.amazonaws.com": {
    GetObject: { tactic: "Collection", severity: 2, verb: "read", noun: "object", s3Data: "read" },
    DeleteObject: { tactic: "Impact", severity: 3, verb: "deleted", noun: "object", s3Data: "destroyed" },
    DeleteObjects: { tactic: "Impact", severity: 3, verb: "deleted", noun: "batch of objects", s3Data: "destroyed" },
    DeleteBucket: { tactic: "Impact", severity: 4, verb: "deleted", noun: "bucket", s3Data: "destroyed" },
    PutBucketPolicy: { tactic: "Exfiltration", severity: 3, verb: "rewrote", noun: "bucket policy", plural: "bucket policies", s3Data: "exposed" },
    PutBucketReplication: { tactic: "Exfiltration", severity: 4, verb: "set", noun: "replication", s3Data: "exposed" },
    PutBucketLifecycle: { tactic: "Defense Evasion", severity: 3, verb: "set", noun: "lifecycle rule" },
  },
};

export function weakSignalSpec(event: CloudTrailEvent): WeakSignalSpec | undefined {
  const spec = WEAK_SIGNALS[event.eventSource]?.[event.eventName];
  if (!spec || (spec.applies && !spec.applies(event))) return undefined;
  return spec;
}

const RESOURCE_PARAMETERS = [
  "secretId", "name", "names", "userName", "roleName", "groupName", "functionName", "trailName", "imageId",
  "snapshotId", "dBSnapshotIdentifier", "dBClusterSnapshotIdentifier", "groupId", "bucketName", "instanceId",
  "instanceIds", "policyArn", "keyId", "modelId", "flowLogIds", "detectorId",
];

/** The resource a call named, as logged (first of the usual parameter names). */
export function resourceOf(event: CloudTrailEvent): string | undefined {
  const parameters = event.requestParameters;
  if (!parameters) return undefined;
  for (const name of RESOURCE_PARAMETERS) {
    const value = parameters[name];
    if (typeof value === "string" && value) return value;
    if (Array.isArray(value) && typeof value[0] === "string") return value.join(", ");
    const items = (value as { items?: Array<Record<string, unknown>> } | undefined)?.items;
    if (items?.length) return items.map((item) => Object.values(item)[0]).filter((v) => typeof v === "string").join(", ") || undefined;
  }
  return undefined;
}
