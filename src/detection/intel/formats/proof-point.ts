/**
 * PROOF_POINT (Proofpoint ET Intelligence feed CSV): `ip, category, score, first_seen, last_seen,
 * ports` or, for entity lists, `domain, category, …`. The ports column may be empty but its comma
 * stays. The category becomes the threat name; ET gives it either as a name or as a numeric code,
 * and a bare code is labelled so an analyst can tell it is one.
 */
import { headerKey, readCsvRows } from "./csv-rows.js";
import { isEntryValue, parseEntryValue, withThreatNames } from "./entry-value.js";
import { truncate } from "./text-lines.js";
import type { FormatResult } from "./types.js";

export function parseProofPoint(text: string): FormatResult {
  const { rows, rejected } = readCsvRows(text);
  const result: FormatResult = { entries: [], rejected };
  rows.forEach((row, index) => {
    const first = headerKey(row.cells[0] ?? "");
    if (index === 0 && (first === "ip" || first === "domain")) return;
    const entry = parseEntryValue(row.cells[0] ?? "");
    if (!isEntryValue(entry)) {
      result.rejected.push({ line: row.line, text: truncate(row.cells.join(",")), reason: entry.reason });
      return;
    }
    const category = (row.cells[1] ?? "").trim();
    const threatName = /^\d+$/.test(category) ? `ET category ${category}` : category;
    result.entries.push(withThreatNames(entry, [threatName]));
  });
  return result;
}
