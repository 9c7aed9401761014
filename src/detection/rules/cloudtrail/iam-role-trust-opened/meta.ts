import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const ROLE_TRUST_OPENED_TO_OUTSIDE_ACCOUNT: FindingTypeMeta = {
  type: "Persistence:IAMUser/RoleTrustOpenedToOutsideAccount",
  severity: SEVERITY.HIGH,
  severityVaries:
    "Medium when every outside principal must present an sts:ExternalId (the usual pattern of a vendor integration); " +
    "High for any principal (\"*\") or an outside account without one.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "The trust policy of IAM role {role} now lets {outsiders} assume it.",
  description:
    "{principal} called {api} on role {role}, whose trust policy now allows {outsiders} — principals outside the accounts Vigil " +
    "knows for this detector — to assume the role and act with its permissions from their own account. Remove the statement " +
    "unless the access is intended, or add the account to the trusted accounts.",
  mitre: { tactic: "Persistence", technique: "T1098.003 Account Manipulation: Additional Cloud Roles" },
  aggregation: "account + role",
  catalogueNote: "federated principals count only when the provider ARN names an outside account; open web-identity trusts are not judged",
  vigilOnly: true,
};
