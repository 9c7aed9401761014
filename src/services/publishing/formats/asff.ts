import type { Finding } from "../../../detection/findings/types.js";
import { affectedResources } from "./affected-resource.js";
import { severityLabel } from "./severity.js";

export const ASFF_SCHEMA_VERSION = "2018-10-08";

const TITLE_MAX = 256;
const DESCRIPTION_MAX = 1024;

/**
 * ASFF `Types` are "namespace/category/classifier" with the namespaces and categories Security Hub
 * defines; GuardDuty's threat purpose (the part of its type before ":") picks them.
 */
const TYPE_PREFIX: Record<string, string> = {
  Backdoor: "TTPs/Command and Control",
  CredentialAccess: "TTPs/Credential Access",
  CryptoCurrency: "Effects/Resource Consumption",
  DefenseEvasion: "TTPs/Defense Evasion",
  Discovery: "TTPs/Discovery",
  Execution: "TTPs/Execution",
  Exfiltration: "Effects/Data Exfiltration",
  Impact: "Effects/Data Destruction",
  InitialAccess: "TTPs/Initial Access",
  PenTest: "Unusual Behaviors/User",
  Persistence: "TTPs/Persistence",
  Policy: "Software and Configuration Checks/Policy",
  PrivilegeEscalation: "TTPs/Privilege Escalation",
  Recon: "TTPs/Discovery",
  Stealth: "TTPs/Defense Evasion",
  Trojan: "TTPs/Execution",
  UnauthorizedAccess: "TTPs/Initial Access",
};

function asffType(type: string): string {
  const purpose = type.split(":", 1)[0];
  // "/" separates ASFF's levels, so GuardDuty's own "/" becomes "-" inside the classifier.
  return `${TYPE_PREFIX[purpose] ?? "Unusual Behaviors/Application"}/${type.replaceAll("/", "-")}`;
}

/**
 * A finding in the AWS Security Finding Format, as BatchImportFindings takes it from a custom
 * integration: the product is `product/<account>/default` in the finding's own account.
 */
export function asffFinding(finding: Finding) {
  const label = severityLabel(finding.severity);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: finding.arn,
    ProductArn: `arn:${finding.partition}:securityhub:${finding.region}:${finding.accountId}:product/${finding.accountId}/default`,
    ProductName: "Vigil",
    CompanyName: "Vigil",
    GeneratorId: finding.type,
    AwsAccountId: finding.accountId,
    Region: finding.region,
    Types: [asffType(finding.type)],
    FirstObservedAt: finding.service.eventFirstSeen,
    LastObservedAt: finding.service.eventLastSeen,
    CreatedAt: finding.createdAt,
    UpdatedAt: finding.updatedAt,
    Severity: { Label: label, Original: String(finding.severity) },
    Title: finding.title.slice(0, TITLE_MAX),
    Description: finding.description.slice(0, DESCRIPTION_MAX),
    Resources: affectedResources(finding).map((resource) => ({ Type: resource.asffType, Id: resource.id, Partition: finding.partition, Region: finding.region })),
    RecordState: finding.service.archived ? "ARCHIVED" : "ACTIVE",
    ProductFields: { "vigil/detectorId": finding.service.detectorId, "vigil/count": String(finding.service.count) },
  };
}
