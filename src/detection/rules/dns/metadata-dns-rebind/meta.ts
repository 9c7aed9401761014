import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const METADATA_DNS_REBIND: FindingTypeMeta = {
  type: "UnauthorizedAccess:EC2/MetadataDNSRebind",
  severity: SEVERITY.HIGH,
  dataSource: "DNS_QUERY_LOGS",
  method: "RULE",
  resourceType: "Instance",
  resourceRole: "TARGET",
  title: "{instance} is performing DNS lookups that resolve to the instance metadata service.",
  description:
    "{instance} queried {domain}, which resolved to {answer}, the address of {service}. A public name that points at the " +
    "metadata service is a DNS rebinding attack: an application that fetches URLs it is given can be made to hand out " +
    "the instance's credentials. Require IMDSv2 and check what the instance fetched.",
  mitre: { tactic: "Credential Access", technique: "T1552.005 Unsecured Credentials: Cloud Instance Metadata API" },
  aggregation: "account + querying instance + queried name",
};
