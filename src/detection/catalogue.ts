/**
 * GuardDuty's foundational and S3 finding types (reference §4.1–§4.4) and where Vigil stands on each.
 * Implemented types are read from the metas of the registered rules and baseline models, so this list
 * cannot claim a type no rule raises and never repeats what a meta says; only the types no rule raises
 * are listed here, with why. The README's catalogue table is generated from it.
 */
import type { DataSource, DetectionMethod, FindingTypeMeta } from "./engine/types.js";
import { BASELINE_MODELS } from "./baselines/engine.js";
import { EVENT_RULES, WINDOWED_RULES } from "./rules/index.js";
import { SELF_PROTECTION_TYPES } from "./self-protection/types.js";

export type CatalogueStatus = "implemented" | "planned" | "not-possible";

export type CatalogueEntry = {
  type: string;
  dataSource: DataSource;
  method: DetectionMethod;
  /** GuardDuty's severity label; "*" marks a severity that varies with context. */
  severity: string;
  status: CatalogueStatus;
  /** For planned types, where; for types not possible, why; for implemented ones, any limit worth knowing. */
  note?: string;
  /** A type GuardDuty does not have (FindingTypeMeta.vigilOnly). */
  vigilOnly?: boolean;
};

/** For a planned type, what stands in the way; for one not possible, the whole note ("not possible: why"). */
type Unimplemented = Omit<CatalogueEntry, "status" | "note" | "vigilOnly"> & { status: "planned" | "not-possible"; reason: string };

const REPUTATION_STAND_IN = "GuardDuty's reputation model is not public; a heuristic stand-in";

/** GuardDuty types no shipped rule or model raises yet, or none can. */
const UNIMPLEMENTED: readonly Unimplemented[] = [
  {
    type: "DefenseEvasion:EC2/UnusualDoHActivity",
    dataSource: "VPC_FLOW_LOGS",
    method: "ML",
    severity: "Medium",
    status: "planned",
    reason: "DNS over HTTPS is port 443 like any web traffic: it needs a list of public DoH server addresses, which Vigil does not ship yet",
  },
  { type: "Impact:EC2/AbusedDomainRequest.Reputation", dataSource: "DNS_QUERY_LOGS", method: "REP", severity: "Medium", status: "planned", reason: REPUTATION_STAND_IN },
  { type: "Impact:EC2/BitcoinDomainRequest.Reputation", dataSource: "DNS_QUERY_LOGS", method: "REP", severity: "High", status: "planned", reason: REPUTATION_STAND_IN },
  { type: "Impact:EC2/MaliciousDomainRequest.Reputation", dataSource: "DNS_QUERY_LOGS", method: "REP", severity: "High", status: "planned", reason: REPUTATION_STAND_IN },
  { type: "Impact:EC2/SuspiciousDomainRequest.Reputation", dataSource: "DNS_QUERY_LOGS", method: "REP", severity: "Low", status: "planned", reason: REPUTATION_STAND_IN },
  {
    type: "CredentialAccess:IAMUser/CompromisedCredentials",
    dataSource: "CLOUD_TRAIL",
    method: "UNKNOWN",
    severity: "?",
    status: "not-possible",
    reason: "not possible: GuardDuty documents neither the trigger nor the method of this newer type, so there is nothing to reproduce",
  },
  {
    type: "UnauthorizedAccess:IAMUser/ResourceCredentialExfiltration.OutsideAWS",
    dataSource: "CLOUD_TRAIL",
    method: "RULE+ML",
    severity: "High",
    status: "not-possible",
    reason: "not possible from CloudTrail alone: Lambda and ECS task-role sessions carry no marker (their session names are function names or task ids, like any other session)",
  },
  {
    type: "UnauthorizedAccess:IAMUser/ResourceCredentialExfiltration.InsideAWS",
    dataSource: "CLOUD_TRAIL",
    method: "RULE+ML",
    severity: "?",
    status: "not-possible",
    reason: "not possible from CloudTrail alone: ECS task-role sessions carry no marker",
  },
];

function unimplementedNote({ status, reason }: Unimplemented): string {
  return status === "planned" ? `not implemented yet: ${reason}` : reason;
}

/** Every finding-type meta of the shipped rules, baseline models and self-protection, by type (a type may have several: target and actor). */
export function shippedMetas(): Map<string, FindingTypeMeta[]> {
  const byType = new Map<string, FindingTypeMeta[]>();
  const selfProtection = { findingTypes: SELF_PROTECTION_TYPES };
  for (const source of [...EVENT_RULES, ...WINDOWED_RULES, ...BASELINE_MODELS, selfProtection]) {
    for (const meta of source.findingTypes) {
      const metas = byType.get(meta.type) ?? [];
      if (!metas.includes(meta)) metas.push(meta);
      byType.set(meta.type, metas);
    }
  }
  return byType;
}

/** Types some shipped rule or baseline model can raise. */
export function implementedTypes(): Set<string> {
  return new Set(shippedMetas().keys());
}

/** GuardDuty's bands: Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0. */
function severityLabel(severity: number): string {
  if (severity >= 9) return "Critical";
  if (severity >= 7) return "High";
  return severity >= 4 ? "Medium" : "Low";
}

/** The lowest default severity of a type's metas, starred when it varies (by context or between target and actor). */
function implementedEntry(type: string, metas: readonly FindingTypeMeta[]): CatalogueEntry {
  const [first] = metas;
  const lowest = Math.min(...metas.map((meta) => meta.severity));
  const varies = metas.some((meta) => meta.severityVaries !== undefined || meta.severity !== lowest);
  const note = metas.find((meta) => meta.catalogueNote)?.catalogueNote;
  const entry: CatalogueEntry = { type, dataSource: first.dataSource, method: first.method, severity: `${severityLabel(lowest)}${varies ? "*" : ""}`, status: "implemented", note };
  return first.vigilOnly ? { ...entry, vigilOnly: true } : entry;
}

const SOURCE_ORDER: readonly DataSource[] = ["VPC_FLOW_LOGS", "DNS_QUERY_LOGS", "CLOUD_TRAIL", "S3_DATA_EVENTS"];

/** Flow, DNS, IAM (CloudTrail), then S3 types (management events before data events), by name within each. */
function groupOf(entry: CatalogueEntry): number {
  const source = SOURCE_ORDER.indexOf(entry.dataSource);
  return entry.dataSource === "CLOUD_TRAIL" && entry.type.includes(":S3/") ? source + 0.5 : source;
}

export function findingTypeCatalogue(): CatalogueEntry[] {
  const implemented = [...shippedMetas()].map(([type, metas]) => implementedEntry(type, metas));
  // A listed type a rule now raises appears twice, which the catalogue test refuses: drop it from UNIMPLEMENTED.
  const unimplemented = UNIMPLEMENTED.map(
    (entry): CatalogueEntry => ({ type: entry.type, dataSource: entry.dataSource, method: entry.method, severity: entry.severity, status: entry.status, note: unimplementedNote(entry) }),
  );
  return [...implemented, ...unimplemented].sort((a, b) => groupOf(a) - groupOf(b) || a.type.localeCompare(b.type));
}
