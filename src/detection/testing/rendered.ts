/** A candidate's title and description as the finding builder renders them (unfilled placeholders read "unknown"). */
import type { FindingCandidate } from "../engine/types.js";
import { renderTemplate } from "../findings/templates.js";

export function renderedText(candidate: FindingCandidate): string {
  return `${renderTemplate(candidate.meta.title, candidate.templateValues)} ${renderTemplate(candidate.meta.description, candidate.templateValues)}`;
}
