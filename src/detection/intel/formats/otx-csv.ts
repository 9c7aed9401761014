/**
 * OTX_CSV (AlienVault Open Threat Exchange export): `Indicator type, Indicator, Description`.
 * Network types are kept; other OTX types (file hashes, e-mail, mutex, CVE…) cannot match traffic
 * and are rejected by name. A value that contradicts its declared type is rejected too, since it
 * usually means shifted columns.
 */
import { headerKey, readCsvRows } from "./csv-rows.js";
import { isEntryValue, parseEntryValue } from "./entry-value.js";
import { truncate } from "./text-lines.js";
import type { EntryKind, FormatResult } from "./types.js";

const ANY_NETWORK_KIND: readonly EntryKind[] = ["ipv4", "ipv6", "cidr4", "cidr6", "domain", "wildcard"];

/** Declared type (header-normalized) → the kinds a value of that type may have. */
const KINDS_BY_TYPE = new Map<string, readonly EntryKind[]>([
  ["ipv4", ["ipv4"]],
  ["ipv6", ["ipv6"]],
  ["cidr", ["cidr4", "cidr6", "ipv4", "ipv6"]],
  ["domain", ["domain", "wildcard"]],
  ["domainname", ["domain", "wildcard"]],
  ["hostname", ["domain"]],
  ["fqdn", ["domain"]],
  ["url", ANY_NETWORK_KIND],
  ["uri", ANY_NETWORK_KIND],
]);

export function parseOtxCsv(text: string): FormatResult {
  const { rows, rejected } = readCsvRows(text);
  const result: FormatResult = { entries: [], rejected };
  let typeColumn = 0;
  let valueColumn = 1;
  rows.forEach((row, index) => {
    const header = row.cells.map(headerKey);
    if (index === 0 && header.includes("indicatortype")) {
      typeColumn = header.indexOf("indicatortype");
      valueColumn = header.indexOf("indicator");
      return;
    }
    const reject = (reason: string) =>
      result.rejected.push({ line: row.line, text: truncate(row.cells.join(",")), reason });
    const type = row.cells[typeColumn] ?? "";
    const value = valueColumn >= 0 ? row.cells[valueColumn] : undefined;
    if (value === undefined) return reject("expected `Indicator type, Indicator, Description`");
    const allowedKinds = KINDS_BY_TYPE.get(headerKey(type));
    if (!allowedKinds) return reject(`unsupported indicator type "${truncate(type)}"`);
    const entry = parseEntryValue(value);
    if (!isEntryValue(entry)) return reject(entry.reason);
    if (!allowedKinds.includes(entry.kind)) return reject(`value is not of its declared type "${type}"`);
    result.entries.push(entry);
  });
  return result;
}
