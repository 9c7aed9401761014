import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const ORGANIZATION_LEFT: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/LeaveOrganization",
  severity: SEVERITY.HIGH,
  severityVaries: "Medium when the call failed (refused or rejected): the account is still in the organization, but someone tried",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} {outcome} to take account {account} out of its AWS organization.",
  description:
    "{principal} called {api}, which {result}. An account that leaves its organization is no longer bound by the organization's " +
    "service control policies, drops out of the organization trail and of the delegated GuardDuty and Security Hub " +
    "administrator, and can be billed and used on its own. Attackers holding an account's credentials leave to escape " +
    "those controls. Check who made the call and whether the move was planned.",
  mitre: { tactic: "Defense Evasion", technique: "T1666 Modify Cloud Resource Hierarchy" },
  aggregation: "account: every attempt of the account to leave is one finding",
  vigilOnly: true,
};
