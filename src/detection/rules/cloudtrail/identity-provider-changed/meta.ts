import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const IDENTITY_PROVIDER_CHANGED: FindingTypeMeta = {
  type: "Persistence:IAMUser/IdentityProviderChanged",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "Medium for a SAML provider created or its metadata (signing certificate) replaced; Low for OpenID Connect providers " +
    "(CI systems such as GitHub Actions are commonly added this way) and for changes a pipeline (CloudFormation, a web-identity CI session, an EC2 build agent) made.",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{principal} changed identity federation: {change}.",
  description:
    "{principal} called {api} ({change}). Whoever controls an identity provider the account trusts can sign in as, or " +
    "assume, every role that trusts it — without any IAM user or key. Attackers add their own provider or replace a " +
    "provider's signing certificate to keep a way in. Confirm the provider and its metadata are your own.",
  mitre: { tactic: "Persistence", technique: "T1484.002 Domain or Tenant Policy Modification: Trust Modification" },
  aggregation: "account + provider",
  vigilOnly: true,
};
