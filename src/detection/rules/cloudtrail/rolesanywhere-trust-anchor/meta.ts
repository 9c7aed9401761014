import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const ROLES_ANYWHERE_TRUST_CHANGED: FindingTypeMeta = {
  type: "Persistence:IAMUser/RolesAnywhereTrustAnchorCreated",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "Medium for a trust anchor created, changed or enabled; Low for a profile (which roles certificates may assume) and " +
    "for changes a pipeline (CloudFormation, a web-identity CI session, an EC2 build agent) made.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} configured IAM Roles Anywhere: {change}.",
  description:
    "{principal} called {api} ({change}). A Roles Anywhere trust anchor lets anyone holding a certificate from its " +
    "certificate authority obtain temporary credentials for the roles its profiles name, from outside AWS, without an IAM " +
    "user or key — a backdoor that survives key rotation. Confirm the certificate authority and roles are your own.",
  mitre: { tactic: "Persistence", technique: "T1098.001 Account Manipulation: Additional Cloud Credentials" },
  aggregation: "account + trust anchor or profile",
  vigilOnly: true,
};
