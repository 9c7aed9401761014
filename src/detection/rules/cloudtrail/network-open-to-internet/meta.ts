import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SECURITY_GROUP_OPEN_TO_INTERNET: FindingTypeMeta = {
  type: "Policy:EC2/SecurityGroupOpenToInternet",
  severity: SEVERITY.MEDIUM,
  severityVaries: "7 when all traffic or every port is opened; 5 for administrative ports",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Security group {group} was opened to the internet on {opened}.",
  description:
    "{principal} called {api} on security group {group}, allowing inbound {openings}. Remote shells, desktops and " +
    "databases facing the whole internet are scanned and brute-forced within minutes, and attackers open them to " +
    "reach an instance they control or to keep a way in. Restrict the source to known addresses unless this is intended.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.007 Impair Defenses: Disable or Modify Cloud Firewall" },
  aggregation: "account + security group",
  vigilOnly: true,
};

export const NETWORK_ACL_OPEN_TO_INTERNET: FindingTypeMeta = {
  type: "Policy:EC2/NetworkAclOpenToInternet",
  severity: SEVERITY.LOW,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "Network ACL {acl} now allows all inbound traffic from {cidr}.",
  description:
    "{principal} called {api} on network ACL {acl}, adding rule {ruleNumber} that allows all inbound traffic from {cidr}. " +
    "The subnets behind it are then guarded by their security groups alone; check that the entry is intended.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.007 Impair Defenses: Disable or Modify Cloud Firewall" },
  aggregation: "account + network ACL",
  vigilOnly: true,
};
