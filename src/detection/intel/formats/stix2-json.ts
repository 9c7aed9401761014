/**
 * STIX 2.1 JSON: indicator objects whose `pattern` compares ipv4-addr, ipv6-addr, domain-name or
 * url values (a URL contributes its host). Threat names come from the malware, tool, intrusion set,
 * threat actor or campaign that an `indicates` relationship ties the indicator to. Other objects
 * (observed-data, bare cyber observables, reports) are context, not indicators, and are skipped.
 */
import { isEntryValue, parseEntryValue, withThreatNames, type EntryValue } from "./entry-value.js";
import { parseStixPattern, type Comparison } from "./stix2-pattern.js";
import { LineLocator, truncate } from "./text-lines.js";
import type { EntryKind, FormatResult } from "./types.js";

type StixObject = Record<string, unknown>;

/** Object path → the kinds its values may take (a URL's host may be an address or a name). */
const KINDS_BY_PATH = new Map<string, readonly EntryKind[]>([
  ["ipv4-addr:value", ["ipv4", "cidr4"]],
  ["ipv6-addr:value", ["ipv6", "cidr6"]],
  ["domain-name:value", ["domain"]],
  ["url:value", ["ipv4", "ipv6", "domain"]],
]);
const NAMED_THREAT_TYPES = new Set(["malware", "tool", "intrusion-set", "threat-actor", "campaign"]);

export function parseStix2Json(text: string): FormatResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { entries: [], rejected: [], fatal: `not valid STIX 2.1 JSON: ${(error as Error).message}` };
  }
  const objects = stixObjects(document);
  if (!objects) return { entries: [], rejected: [], fatal: "not a STIX 2.1 bundle or object (no `objects` array, no `type` and `id`)" };
  const result: FormatResult = { entries: [], rejected: [] };
  const lines = new LineLocator(text);
  const threatNames = threatNamesByIndicator(objects);
  for (const object of objects) {
    if (object.type !== "indicator") continue;
    const id = typeof object.id === "string" ? object.id : "";
    const pattern = typeof object.pattern === "string" ? object.pattern : "";
    const reject = (reason: string, value = pattern) =>
      result.rejected.push({ line: lines.lineOf(`"${id}"`), text: truncate(value || id), reason });
    const problem = indicatorProblem(object);
    if (problem) {
      reject(problem);
      continue;
    }
    const parsed = parseStixPattern(pattern);
    if ("reason" in parsed) {
      reject(parsed.reason);
      continue;
    }
    const names = threatNames.get(id) ?? [];
    const unsupported: string[] = [];
    let matched = 0;
    for (const comparison of parsed.comparisons) {
      const entry = comparisonEntry(comparison);
      if (entry === undefined) {
        unsupported.push(comparison.path);
      } else if (isEntryValue(entry)) {
        result.entries.push(withThreatNames(entry, names));
        matched++;
      } else {
        reject(`${comparison.path}: ${entry.reason}`, comparison.value);
        matched++;
      }
    }
    // OR semantics: one matchable comparison is enough; an indicator with none cannot be used.
    if (matched === 0) {
      reject(`unsupported pattern: only ipv4-addr, ipv6-addr, domain-name and url values can be matched (found ${[...new Set(unsupported)].join(", ")})`);
    }
  }
  return result;
}

function stixObjects(document: unknown): StixObject[] | undefined {
  const isObject = (value: unknown): value is StixObject => typeof value === "object" && value !== null && !Array.isArray(value);
  if (Array.isArray(document)) return document.filter(isObject);
  if (!isObject(document)) return undefined;
  if (document.type === "bundle") return Array.isArray(document.objects) ? document.objects.filter(isObject) : undefined;
  // A lone STIX object (an indicator, or a campaign holding none) is a bundle of one.
  return typeof document.type === "string" && typeof document.id === "string" ? [document] : undefined;
}

function indicatorProblem(indicator: StixObject): string | undefined {
  if (indicator.revoked === true) return "revoked indicator";
  const patternType = indicator.pattern_type ?? "stix";
  if (patternType !== "stix") return `pattern_type "${String(patternType)}" is not supported (only "stix")`;
  if (typeof indicator.pattern !== "string" || indicator.pattern.trim() === "") return "indicator without a pattern";
  return undefined;
}

/** undefined when the path is not one a list can match; otherwise the entry or why the value is bad. */
function comparisonEntry(comparison: Comparison): EntryValue | { reason: string } | undefined {
  const kinds = KINDS_BY_PATH.get(comparison.path.toLowerCase());
  if (!kinds) return undefined;
  const entry = parseEntryValue(comparison.value);
  if (!isEntryValue(entry)) return entry;
  return kinds.includes(entry.kind) ? entry : { reason: `"${truncate(comparison.value)}" is not a valid value for this type` };
}

function threatNamesByIndicator(objects: StixObject[]): Map<string, string[]> {
  const names = new Map<string, string>();
  for (const object of objects) {
    if (NAMED_THREAT_TYPES.has(String(object.type)) && typeof object.id === "string" && typeof object.name === "string") {
      names.set(object.id, object.name);
    }
  }
  const byIndicator = new Map<string, string[]>();
  for (const object of objects) {
    if (object.type !== "relationship" || object.relationship_type !== "indicates") continue;
    const name = names.get(String(object.target_ref));
    const source = String(object.source_ref);
    if (name) byIndicator.set(source, [...(byIndicator.get(source) ?? []), name]);
  }
  return byIndicator;
}
