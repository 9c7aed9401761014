/**
 * ALIEN_VAULT (AlienVault IP Reputation feed): `ip#reliability#risk#type#country#city#lat,lon#x`,
 * e.g. `198.51.100.1#4#2#Malicious Host#US##0.0,0.0#3`. Only the address is matched; the activity
 * type ("Malicious Host;Scanning Host") becomes the entry's threat names.
 */
import { isEntryValue, parseEntryValue, withThreatNames } from "./entry-value.js";
import { forEachLine, truncate } from "./text-lines.js";
import type { FormatResult } from "./types.js";

const ADDRESS_KINDS = new Set(["ipv4", "ipv6", "cidr4", "cidr6"]);

export function parseAlienVault(text: string): FormatResult {
  const result: FormatResult = { entries: [], rejected: [] };
  forEachLine(text, (line, lineNumber) => {
    const trimmed = line.trim();
    // The feed starts every record with an address, so a leading '#' can only be a comment.
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const fields = trimmed.split("#");
    const entry = parseEntryValue(fields[0]);
    const reject = (reason: string) => result.rejected.push({ line: lineNumber, text: truncate(trimmed), reason });
    if (!isEntryValue(entry)) return reject(entry.reason);
    if (!ADDRESS_KINDS.has(entry.kind)) return reject("ALIEN_VAULT records start with an IP address");
    result.entries.push(withThreatNames(entry, (fields[3] ?? "").split(";")));
  });
  return result;
}
