import { findingTypeCatalogue } from "../../../detection/catalogue.js";
import type { Finding } from "../../../detection/findings/types.js";
import type { FindingCriteria } from "../../findings/criteria/criteria.js";
import { compileSuppressionRule, suppressingRule } from "../../findings/criteria/suppression.js";
import { buildSampleFindings } from "../../findings/sample-findings.js";

const HIGH = 7;

/**
 * The High-severity finding types a suppression rule would archive: tried on a sample of every type
 * whose severity can be High (the builder's own samples, raised at High) and on the account's stored
 * High findings, so a rule naming a real resource is caught as well as one naming a type.
 */
export function highFindingTypesArchivedBy(criteria: FindingCriteria, target: { detectorId: string; accountId: string }, stored: readonly Finding[]): string[] {
  const rule = compileSuppressionRule({ name: "review", rank: 1, findingCriteria: criteria });
  const highTypes = findingTypeCatalogue().filter((entry) => entry.severity.startsWith("High") || entry.severity.endsWith("*"));
  const samples = buildSampleFindings(highTypes, { ...target, now: Date.now() }).map((sample) => ({ ...sample, severity: Math.max(sample.severity, HIGH + 1) }));
  const archived = [...samples, ...stored.filter((finding) => finding.severity >= HIGH)].filter((finding) => suppressingRule(finding, [rule]));
  return [...new Set(archived.map((finding) => finding.type))].sort();
}
