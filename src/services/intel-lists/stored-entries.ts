import type { EntryKind, ListEntry } from "../../detection/intel/index.js";

/**
 * How validated entries are kept in `IntelList.entries` / `ThreatFeed.entries`: one canonical value
 * per line, its threat names after tabs. The values come out of parseList already canonical, so the
 * kind follows from the text and need not be stored.
 */
export function encodeEntries(entries: readonly ListEntry[]): string {
  return entries.map((entry) => [entry.value, ...(entry.threatNames ?? []).map(oneField)].join("\t")).join("\n");
}

export function decodeEntries(text: string | null): ListEntry[] {
  if (!text) return [];
  return text.split("\n").map((line) => {
    const [value, ...threatNames] = line.split("\t");
    return threatNames.length > 0 ? { value, kind: kindOf(value), threatNames } : { value, kind: kindOf(value) };
  });
}

function oneField(name: string): string {
  return name.replace(/[\t\r\n]+/g, " ");
}

function kindOf(value: string): EntryKind {
  if (value.startsWith("*.")) return "wildcard";
  const v6 = value.includes(":");
  if (value.includes("/")) return v6 ? "cidr6" : "cidr4";
  if (v6) return "ipv6";
  return /^[0-9.]+$/.test(value) ? "ipv4" : "domain";
}
