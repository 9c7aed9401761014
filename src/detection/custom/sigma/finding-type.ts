/**
 * The finding type a Sigma rule raises: `Custom:IAMUser/<TitleInCamelCase>` (S3/EC2 for those sources)
 * unless the rule is mapped onto another type. The finding's title names the rule's author (its licence,
 * DRL 1.1, asks that wherever a match is shown); title and author reach it through template values,
 * never through the template itself, so braces in them stay text.
 */
import { SEVERITY, type FindingTypeMeta } from "../../engine/types.js";
import type { SigmaTarget } from "./logsource.js";
import { TYPE_PREFIX } from "./logsource.js";
import type { ParsedSigmaRule, SigmaLevel } from "./parse.js";

export const LEVEL_SEVERITY: Record<SigmaLevel, number> = { informational: 1, low: SEVERITY.LOW, medium: SEVERITY.MEDIUM, high: SEVERITY.HIGH, critical: 9 };

/** GuardDuty's type grammar: ThreatPurpose:ResourceType/ThreatFamilyName[.Variant][!Artifact]. */
export const FINDING_TYPE_GRAMMAR = /^[A-Za-z]+:[A-Za-z0-9]+\/[A-Za-z0-9&_-]+(\.[A-Za-z0-9_-]+)*(![A-Za-z0-9]+)?$/;

export function camelCaseTitle(title: string): string {
  const words = title.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  return words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("") || "Rule";
}

/** ATT&CK from the tags: `attack.t1078.004` and a tactic tag such as `attack.defense-evasion`. */
function mitreOf(tags: readonly string[]): FindingTypeMeta["mitre"] {
  const attack = tags.map((tag) => tag.toLowerCase()).filter((tag) => tag.startsWith("attack."));
  const technique = attack.find((tag) => /^attack\.t\d{4}(\.\d{3})?$/.test(tag))?.slice("attack.".length).toUpperCase() ?? "";
  const tactic = attack.find((tag) => !/^attack\.(t\d|g\d|s\d)/.test(tag))?.slice("attack.".length) ?? "";
  return { tactic: tactic.split("-").map((word) => (word ? word[0]!.toUpperCase() + word.slice(1) : word)).join(" "), technique };
}

export function sigmaFindingType(rule: ParsedSigmaRule, target: SigmaTarget, findingType?: string, severity?: number): FindingTypeMeta {
  return {
    type: findingType ?? TYPE_PREFIX[target.dataSource] + camelCaseTitle(rule.title),
    severity: severity ?? LEVEL_SEVERITY[rule.level],
    dataSource: target.dataSource,
    method: "RULE",
    resourceType: target.kind === "cloudtrail" ? (target.dataSource === "S3_DATA_EVENTS" ? "S3Bucket" : "AccessKey") : "Instance",
    resourceRole: "TARGET",
    title: "{ruleTitle} (Sigma rule by {ruleAuthor})",
    description: "Sigma rule \"{ruleTitle}\" ({ruleId}) by {ruleAuthor} matched {subject}.",
    mitre: mitreOf(rule.tags),
    aggregation: "account + rule + matched event (eventID, else log object and line); with count(): account + rule + `by` group",
    vigilOnly: true,
  };
}
