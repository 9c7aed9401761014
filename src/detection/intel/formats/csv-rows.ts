/**
 * CSV reading shared by OTX_CSV, PROOF_POINT and FIRE_EYE: lenient about ragged rows and stray
 * quotes (real exports have both), strict about reporting what it could not read.
 */
import { parse } from "csv-parse/sync";
import type { RejectedLine } from "./types.js";
import { truncate } from "./text-lines.js";

export type CsvRow = { cells: string[]; line: number };

export function readCsvRows(text: string): { rows: CsvRow[]; rejected: RejectedLine[] } {
  const rows: CsvRow[] = [];
  const rejected: RejectedLine[] = [];
  parse(text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: true,
    comment: "#",
    comment_no_infix: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      rejected.push({
        line: typeof error?.lines === "number" ? error.lines : 0,
        text: truncate(raw ?? ""),
        reason: `unreadable CSV (${error?.message ?? "unknown error"}); the rest of the file may be lost`,
      });
      return undefined;
    },
    // Collected here, with the line each record ends on; returning null keeps parse()'s own array empty.
    on_record: (record, context) => {
      rows.push({ cells: record, line: context.lines });
      return null;
    },
  });
  return { rows, rejected };
}

/** Header cells compared without case, spaces or underscores: "Indicator type" = "indicator_type". */
export function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[\s_]/g, "");
}
