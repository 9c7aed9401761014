import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

const MITRE = { tactic: "Credential Access", technique: "T1552.005 Unsecured Credentials: Cloud Instance Metadata API" };

export const EC2_PASSWORD_DATA_RETRIEVED: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/EC2PasswordDataRetrieved",
  severity: 3,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} retrieved the Windows administrator password data of {instance}.",
  description:
    "{principal} called GetPasswordData for {instance}, which returns the instance's encrypted Administrator password; " +
    "with the launch key pair it opens an RDP session as Administrator. Administrators do this now and then; check that " +
    "this caller was expected to.",
  mitre: MITRE,
  aggregation: "account + principal",
  vigilOnly: true,
};

export const EC2_PASSWORD_DATA_BURST: FindingTypeMeta = {
  type: "CredentialAccess:IAMUser/EC2PasswordDataRetrievalBurst",
  severity: SEVERITY.HIGH,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} asked for the Windows password data of {instances} instances within {windowMinutes} minutes.",
  description:
    "{principal} called GetPasswordData {calls} times for {instances} instances ({failures} refused or failed), e.g. " +
    "{examples}. Nobody retrieves the administrator passwords of many instances at once by hand: this is how an attacker " +
    "harvests RDP credentials, and refused attempts show the intent as well as successful ones.",
  mitre: MITRE,
  aggregation: "account + principal",
  vigilOnly: true,
};
