import type { FindingCriteria, SortCriteria } from "../api/findings";
import { bandCriterion, type SeverityBand } from "./severity";

export type ArchivedChoice = "current" | "archived" | "all";
export type FindingFilter = {
  severity: SeverityBand | "";
  /** A GuardDuty wildcard pattern on the type, e.g. `Recon:*`; empty matches all. */
  type: string;
  accountId: string;
  archived: ArchivedChoice;
  /** Only findings updated within this many hours; 0 for any time. */
  updatedWithinHours: number;
  sort: SortCriteria;
};

export const DEFAULT_FILTER: FindingFilter = {
  severity: "",
  type: "",
  accountId: "",
  archived: "current",
  updatedWithinHours: 0,
  sort: { attributeName: "updatedAt", orderBy: "DESC" },
};

/** What a finding is (severity, type, account), the part of a filter a suppression rule can keep. */
export function toRuleCriteria(filter: FindingFilter): FindingCriteria {
  const criterion: FindingCriteria["criterion"] = [];
  if (filter.severity) criterion.push(bandCriterion(filter.severity));
  const type = filter.type.trim();
  if (type) criterion.push(type.includes("*") ? { attribute: "type", matches: [type] } : { attribute: "type", equals: [type] });
  const accountId = filter.accountId.trim();
  if (accountId) criterion.push({ attribute: "accountId", equals: [accountId] });
  return { criterion };
}

/** The filter as the API's FindingCriteria; `now` is passed in so a page and the live feed agree. */
export function toCriteria(filter: FindingFilter, now: number): FindingCriteria {
  const { criterion } = toRuleCriteria(filter);
  if (filter.archived !== "all") criterion.push({ attribute: "service.archived", equals: [String(filter.archived === "archived")] });
  if (filter.updatedWithinHours > 0) criterion.push({ attribute: "updatedAt", greaterThanOrEqual: now - filter.updatedWithinHours * 3_600_000 });
  return { criterion };
}
