import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const FEDERATION_TOKEN_CREATED: FindingTypeMeta = {
  type: "Persistence:IAMUser/FederationTokenCreated",
  severity: SEVERITY.LOW,
  severityVaries:
    "Medium when the session policy passes on everything the user may do (\"*\" on \"*\" or AdministratorAccess) or the " +
    "token lasts longer than 12 hours; High when both.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "{principal} obtained an STS federation token ({scope}, {duration}).",
  description:
    "{principal} called GetFederationToken as federated user {federatedUser} with {scope}, valid for {duration}. Federation " +
    "tokens keep working after the user's access key is deleted or rotated and cannot be revoked one by one, so attackers " +
    "mint them to outlast the response. Confirm the caller uses federation tokens; otherwise deny sts:GetFederationToken and " +
    "the federated sessions to the user.",
  mitre: { tactic: "Persistence", technique: "T1550.001 Use Alternate Authentication Material: Application Access Token" },
  aggregation: "account + calling user",
  vigilOnly: true,
};
