/**
 * Self-protection: findings about Vigil itself. Someone who holds Vigil's own permissions can blind it
 * (disable a detector, trust the attacker's addresses, archive High findings, delete a log source); these
 * findings say so to the account and to its administrator. They come from Vigil's audit log and from
 * the log sources' activity, not from a customer log, so no rule of the engine raises them: the
 * system service `src/services/system/self-protection/` builds them from the decisions made here.
 */
import { SEVERITY, type FindingTypeMeta } from "../engine/types.js";

const CATALOGUE_NOTE = "raised from Vigil's audit log and its sources' activity, not from a log Vigil reads";
const IMPAIR_DEFENSES = { tactic: "Defense Evasion", technique: "T1562.001 Impair Defenses: Disable or Modify Tools" };

function vigilType(name: string, severity: number, title: string, description: string, aggregation: string): FindingTypeMeta {
  return {
    type: `Stealth:Vigil/${name}`,
    severity,
    dataSource: "CLOUD_TRAIL",
    method: "RULE",
    resourceType: "AccessKey",
    resourceRole: "TARGET",
    title,
    description,
    mitre: IMPAIR_DEFENSES,
    aggregation,
    vigilOnly: true,
    catalogueNote: CATALOGUE_NOTE,
  };
}

const CHECK = "Check whether the change was planned and undo it if not.";

export const DETECTION_IMPAIRED = vigilType(
  "DetectionImpaired",
  SEVERITY.HIGH,
  "Vigil's detection for account {account} was impaired: {effect}.",
  `{actor} changed Vigil's configuration for account {account}: {effect}. From then on Vigil analyses less of what happens in the account. ${CHECK}`,
  "account + detector + what was switched off",
);

export const TRUSTED_LIST_BROADENED = vigilType(
  "TrustedListBroadened",
  SEVERITY.HIGH,
  "Trusted list {list} of account {account} now trusts {effect}.",
  `Trusted list {list} of account {account} now trusts {effect}. Nothing done from a trusted address raises a finding: listing an attacker's addresses as trusted is the quietest way to blind detection. ${CHECK}`,
  "account + list + the content's digest",
);

export const LOG_SOURCE_REMOVED = vigilType(
  "LogSourceRemoved",
  SEVERITY.MEDIUM,
  "Log source {source} of account {account} was deleted.",
  `{actor} deleted log source {source} ({kind}) of account {account}: Vigil no longer reads those logs. ${CHECK}`,
  "account + log source",
);

export const LOG_SOURCE_FAILING = vigilType(
  "LogSourceFailing",
  SEVERITY.MEDIUM,
  "Log source {source} of account {account} has been failing for {duration}.",
  "Log source {source} of account {account} has failed since {since} ({duration}, more than 10 of its poll intervals): {error}. " +
    "Vigil reads none of its logs meanwhile; a changed bucket policy or revoked credentials look exactly like this.",
  "account + log source + when the failure began",
);

export const LOG_SOURCE_SILENT = vigilType(
  "LogSourceSilent",
  SEVERITY.MEDIUM,
  "Log source {source} of account {account} went silent.",
  "Log source {source} of account {account} delivered an object about every {usual} and none since {since} ({silence}). " +
    "A trail or flow log deleted or redirected (perhaps from another region) looks exactly like this.",
  "account + log source + the last object before the silence",
);

export const MONITORING_STOPPED = vigilType(
  "MonitoringStopped",
  SEVERITY.HIGH,
  "Monitoring of member account {account} was stopped.",
  `{actor} stopped monitoring member account {account}: its administrator no longer receives its findings. ${CHECK}`,
  "member account + administrator",
);

export const MEMBER_LEFT = vigilType(
  "MemberLeft",
  SEVERITY.HIGH,
  "Member account {account} left its administrator: {effect}.",
  `{actor} ended the membership of account {account} ({effect}): its administrator no longer sees its findings or manages its detection. ${CHECK}`,
  "member account + administrator",
);

export const SUPPRESSION_ARCHIVES_HIGH = vigilType(
  "SuppressionArchivesHigh",
  SEVERITY.HIGH,
  "Suppression rule {filter} of account {account} archives High findings.",
  `{actor} saved suppression rule {filter}, which archives High-severity findings ({examples}) as soon as they are raised: nobody is told of them. ${CHECK}`,
  "account + filter + its version",
);

/** Every self-protection type, in the catalogue's order. */
export const SELF_PROTECTION_TYPES: readonly FindingTypeMeta[] = [
  DETECTION_IMPAIRED,
  LOG_SOURCE_FAILING,
  LOG_SOURCE_REMOVED,
  LOG_SOURCE_SILENT,
  MEMBER_LEFT,
  MONITORING_STOPPED,
  SUPPRESSION_ARCHIVES_HIGH,
  TRUSTED_LIST_BROADENED,
];
