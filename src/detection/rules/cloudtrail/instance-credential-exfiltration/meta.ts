import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const MITRE = { tactic: "Credential Access", technique: "T1552.005 Unsecured Credentials: Cloud Instance Metadata API" };

export const INSTANCE_CREDENTIAL_EXFILTRATION_OUTSIDE_AWS: FindingTypeMeta = {
  type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
  catalogueNote: "the rule raises it; the baselines drop it for a remote source (ASN organization) the role has used on several days after its learning period",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE+ML",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Credentials of EC2 instance {instance} were used from an address outside AWS.",
  description:
    "The role session of instance {instance} ({principal}) called {api} ({service}) from {caller}, a public address that " +
    "belongs to no AWS range. Instance credentials are meant to be used from the instance; used elsewhere, they have " +
    "probably been stolen (e.g. through SSRF to the instance metadata service).",
  mitre: MITRE,
  aggregation: "account + instance role session (role and instance)",
};

export const INSTANCE_CREDENTIAL_EXFILTRATION_INSIDE_AWS: FindingTypeMeta = {
  type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
  catalogueNote: "raised for calls through another account's VPC endpoint; another account's public EC2 address cannot be told from the instance's own in CloudTrail",
  severity: SEVERITY.HIGH,
  severityVaries: "Medium when the other account belongs to the same organization (affiliated), High otherwise.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE+ML",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Credentials of EC2 instance {instance} were used from another AWS account.",
  description:
    "The role session of instance {instance} ({principal}) called {api} ({service}) through a VPC endpoint of account " +
    "{remoteAccount}, not of the account that owns the role. Instance credentials used from another account's network " +
    "have probably been stolen.",
  mitre: MITRE,
  aggregation: "account + instance role session (role and instance)",
};
