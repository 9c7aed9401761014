import type { FindingTypeMeta } from "../../../engine/types.js";

export const RESOURCE_SHARED_OUTSIDE: FindingTypeMeta = {
  type: "Exfiltration:IAMUser/ResourceSharedOutside",
  severity: 7,
  severityVaries: "8 when the resource is opened to everyone; 7 when to outside accounts only",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{kind} {resource} was opened to {sharedWith}.",
  description:
    "{principal} called {api} on {kind} {resource}, letting {sharedWith} use it: {grants}. Keys, secrets, images and " +
    "queues opened outside the organization let their holder decrypt data, read credentials or pull code from their " +
    "own account, and attackers grant their own account this way to keep access. Remove the grant unless it is intended.",
  mitre: { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" },
  aggregation: "account + resource",
  vigilOnly: true,
};
