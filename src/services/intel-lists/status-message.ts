import type { ListError, ParsedList, RejectedLine } from "../../detection/intel/index.js";

const LINES_NAMED = 3;

/** "line 4 "1.2.3" (…reason)", or the value when the format gives no line number. */
function describeLine(rejected: RejectedLine): string {
  const where = rejected.line > 0 ? `line ${rejected.line} ` : "";
  return `${where}"${rejected.text}": ${rejected.reason}`;
}

function namedLines(rejected: readonly RejectedLine[], total: number): string {
  const named = rejected.slice(0, LINES_NAMED).map(describeLine).join("; ");
  return total > LINES_NAMED ? `${named}; and ${total - LINES_NAMED} more` : named;
}

/** The ERROR status message: what is wrong with the file as a whole, and the first bad lines. */
export function describeListError(error: ListError): string {
  return error.rejected.length > 0 ? `${error.message} (${namedLines(error.rejected, error.rejected.length)})` : error.message;
}

/** The ACTIVE status message of a partial load, or null when every line was taken. */
export function describePartialLoad(list: ParsedList): string | null {
  const parts: string[] = [];
  if (list.rejectedCount > 0) {
    parts.push(`${list.rejectedCount} line(s) rejected: ${namedLines(list.rejected, list.rejectedCount)}`);
  }
  if (list.duplicates > 0) parts.push(`${list.duplicates} duplicate entr${list.duplicates === 1 ? "y" : "ies"} merged`);
  return parts.length > 0 ? `Loaded ${list.entries.length} entries; ${parts.join("; ")}.` : null;
}
