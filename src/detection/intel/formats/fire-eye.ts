/**
 * FIRE_EYE (FireEye iSIGHT Threat Intelligence CSV): a long header (reportId, title, ThreatScape, …,
 * cidr, domain, …, ip, port, protocol, …, malwareFamily, actor, observationTime). Only the `cidr`,
 * `ip` and `domain` columns are matched, as GuardDuty does; a row may fill several of them, and
 * rows that fill none (file-hash or e-mail indicators) are reported as rejected. The malware family
 * and actor become threat names. The header is required: without it the columns cannot be found.
 */
import { headerKey, readCsvRows } from "./csv-rows.js";
import { isEntryValue, parseEntryValue, withThreatNames } from "./entry-value.js";
import { truncate } from "./text-lines.js";
import type { FormatResult } from "./types.js";

const NETWORK_COLUMNS = ["cidr", "ip", "domain"];

export function parseFireEye(text: string): FormatResult {
  const { rows, rejected } = readCsvRows(text);
  const result: FormatResult = { entries: [], rejected };
  if (rows.length === 0) return result;
  const header = rows[0].cells.map(headerKey);
  const columns = NETWORK_COLUMNS.map((name) => header.indexOf(name)).filter((column) => column >= 0);
  if (columns.length === 0) {
    return { ...result, fatal: "FIRE_EYE file has no header row with cidr, ip or domain columns" };
  }
  const nameColumns = [header.indexOf("malwarefamily"), header.indexOf("actor")].filter((column) => column >= 0);
  for (const row of rows.slice(1)) {
    const reject = (reason: string) =>
      result.rejected.push({ line: row.line, text: truncate(row.cells.join(",")), reason });
    const values = columns.map((column) => row.cells[column] ?? "").filter((value) => value !== "");
    if (values.length === 0) {
      reject("row has no cidr, ip or domain value");
      continue;
    }
    const threatNames = nameColumns.flatMap((column) => (row.cells[column] ?? "").split(/[,;|]/));
    for (const value of values) {
      const entry = parseEntryValue(value);
      if (isEntryValue(entry)) result.entries.push(withThreatNames(entry, threatNames));
      else reject(entry.reason);
    }
  }
  return result;
}
