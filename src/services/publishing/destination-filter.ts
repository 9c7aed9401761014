import type { Finding } from "../../detection/findings/types.js";
import type { PublishingDestination } from "../../generated/prisma/client.js";
import { compileCriteria, type FindingCriteria } from "../findings/criteria/criteria.js";
import { criteriaToPredicate } from "../findings/criteria/to-predicate.js";
import { atLeast } from "./formats/severity.js";

/** Which findings a destination takes: at least its minimum severity, and matching its criteria (those of suppression rules). */
export function destinationFilter(destination: Pick<PublishingDestination, "minimumSeverity" | "findingCriteria">): (finding: Finding) => boolean {
  const matches = destination.findingCriteria ? criteriaToPredicate(compileCriteria(destination.findingCriteria as FindingCriteria)) : () => true;
  const minimum = destination.minimumSeverity;
  return (finding) => (!minimum || atLeast(finding.severity, minimum)) && matches(finding as unknown as Record<string, unknown>);
}
