/**
 * TXT: one entry per line (IPv4/IPv6 address, CIDR, domain or `*.domain`). Also accepted, because
 * real lists are written that way:
 *  - comment lines (#, //, ;) and trailing comments (`1.2.3.0/24 ; SBL123`, `1.2.3.4 # scanner`);
 *  - trailing numeric columns such as IPsum's `ip<TAB>count`;
 *  - hosts-file lines `0.0.0.0 domain.tld` (NoCoin and other blocklists): the names after the sink
 *    address are the entries, the sink itself is not.
 * Anything else after the entry makes the line ambiguous, so it is rejected rather than guessed.
 */
import { isEntryValue, parseEntryValue } from "./entry-value.js";
import { forEachLine, isCommentLine, truncate } from "./text-lines.js";
import type { FormatResult } from "./types.js";

const HOSTS_SINKS = new Set(["0.0.0.0", "127.0.0.1", "::", "::1", "255.255.255.255"]);
const NUMBER = /^\d+(?:\.\d+)?$/;

export function parseTxt(text: string): FormatResult {
  const result: FormatResult = { entries: [], rejected: [] };
  forEachLine(text, (line, lineNumber) => {
    const trimmed = line.trim();
    if (trimmed === "" || isCommentLine(trimmed)) return;
    const tokens = withoutTrailingComment(trimmed.split(/\s+/));
    const values = valuesOf(tokens);
    if (typeof values === "string") {
      result.rejected.push({ line: lineNumber, text: truncate(trimmed), reason: values });
      return;
    }
    for (const value of values) {
      const entry = parseEntryValue(value);
      if (isEntryValue(entry)) result.entries.push(entry);
      else result.rejected.push({ line: lineNumber, text: truncate(trimmed), reason: entry.reason });
    }
  });
  return result;
}

function withoutTrailingComment(tokens: string[]): string[] {
  const comment = tokens.findIndex((token, index) => index > 0 && isCommentLine(token));
  return comment < 0 ? tokens : tokens.slice(0, comment);
}

/** The entry text(s) of a line, or why the line is not one entry. */
function valuesOf(tokens: string[]): string[] | string {
  if (tokens.length > 1 && HOSTS_SINKS.has(tokens[0])) return tokens.slice(1);
  if (tokens.slice(1).every((token) => NUMBER.test(token))) return [tokens[0]];
  return "expected one entry per line (extra text after the entry)";
}
