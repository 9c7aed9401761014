import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

export const SECURITY_SERVICE_DISABLED: FindingTypeMeta = {
  type: "DefenseEvasion:IAMUser/SecurityServiceDisabled",
  severity: SEVERITY.MEDIUM,
  severityVaries:
    "High when a whole service is switched off (Security Hub, Macie or Inspector disabled); Low when findings are only suppressed or published less often, or when an AWS service made the call for the account",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "TARGET",
  title: "{serviceName} was weakened by {principal}: {effect}.",
  description:
    "{principal} called {api} on {serviceName} ({target}), which {effect}. Attackers switch off or mute the services that " +
    "would report them (posture and finding aggregation, data discovery, vulnerability scanning, access analysis, " +
    "investigation graphs, web application firewalls) before they act. Check whether the change was planned and undo it if not.",
  mitre: { tactic: "Defense Evasion", technique: "T1562.001 Impair Defenses: Disable or Modify Tools" },
  aggregation: "account + region + service + the resource the call named (standard, member, filter, analyzer, web ACL…)",
  vigilOnly: true,
};
