import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const API_ENUMERATION_BURST: FindingTypeMeta = {
  type: "Discovery:IAMUser/APIEnumerationBurst",
  severity: SEVERITY.MEDIUM,
  severityVaries: "Low (2) when the calls came through the AWS console, whose page loads list a lot.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} enumerated the account: {apis} distinct read APIs in {services} services within {window} minutes.",
  description:
    "{principal} called {apis} distinct account-wide List/Describe/Get APIs across {services} services ({serviceList}) within " +
    "{window} minutes, {recon} of them the inventory calls attackers make first with stolen credentials ({reconList}). " +
    "Tools that manage resources read them by id; walking every service's inventory is how a new credential learns what it can reach.",
  mitre: { tactic: "Discovery", technique: "T1580 Cloud Infrastructure Discovery" },
  aggregation: "account + principal: each enumerating identity is one finding",
  vigilOnly: true,
};
