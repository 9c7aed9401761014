import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const INSTANCE_CREDENTIALS_USED_OFF_INSTANCE: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/InstanceCredentialsUsedOffInstance",
  catalogueNote:
    "GuardDuty's InstanceCredentialExfiltration.InsideAWS means another account's network; this is one address inside AWS " +
    "serving both an instance's role session and a person's credentials, which CloudTrail shows without telling who owns the address",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Credentials of EC2 instance {instance} were used from {caller}, an address that also served {otherPrincipal}.",
  description:
    "Within {windowMinutes} minutes, {caller} (an AWS address) called AWS as the role session of instance {instance} " +
    "({principal}, last {api} on {service}) and as {otherPrincipal}, which is not an instance. An instance's credentials " +
    "belong on that instance: an address that also uses an IAM user's key, root or a person's session is where someone " +
    "took them to, e.g. after reading them from the metadata service through SSM or SSRF.",
  mitre: { tactic: "Credential Access", technique: "T1552.005 Unsecured Credentials: Cloud Instance Metadata API" },
  aggregation: "account + source address",
  vigilOnly: true,
};
