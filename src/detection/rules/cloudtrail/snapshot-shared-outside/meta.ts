import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SNAPSHOT_SHARED_OUTSIDE: FindingTypeMeta = {
  type: "Exfiltration:IAMUser/SnapshotSharedOutside",
  severity: 7,
  severityVaries: "8 when the snapshot is made public; 7 when shared with outside accounts only",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{kind} {snapshot} was shared with {sharedWith}.",
  description:
    "{principal} called {api} on {kind} {snapshot}, letting {sharedWith} restore it. Whoever holds a shared snapshot " +
    "gets a full copy of the disk or database in their own account, out of reach of this account's controls; " +
    "attackers share snapshots to an account they own to exfiltrate data. Remove the permission unless the sharing is intended.",
  mitre: { tactic: "Exfiltration", technique: "T1537 Transfer Data to Cloud Account" },
  aggregation: "account + snapshot",
  vigilOnly: true,
};

export const SNAPSHOT_BLOCK_PUBLIC_ACCESS_DISABLED: FindingTypeMeta = {
  type: "Policy:IAMUser/SnapshotBlockPublicAccessDisabled",
  severity: SEVERITY.MEDIUM,
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "EBS snapshot block public access was disabled in {region} by {principal}.",
  description:
    "{principal} called {api}, so EBS snapshots in {region} can be made public again. The setting is the guard " +
    "against a snapshot shared with everyone; re-enable it unless public snapshots are intended.",
  mitre: { tactic: "Defense Evasion", technique: "T1562 Impair Defenses" },
  aggregation: "account + region",
  vigilOnly: true,
};
