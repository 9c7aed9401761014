/**
 * parseList: one call from a downloaded list file to normalized, de-duplicated entries, with the
 * limits checked first so an oversized file is refused before it is decoded or parsed.
 */
import { parseAlienVault } from "./alien-vault.js";
import { byteLengthOf, decodeListText, notAListProblem } from "./decode.js";
import { parseFireEye } from "./fire-eye.js";
import { parseOtxCsv } from "./otx-csv.js";
import { parseProofPoint } from "./proof-point.js";
import { parseStix } from "./stix.js";
import { parseTxt } from "./txt.js";
import {
  LIST_FORMATS,
  type EntryKind,
  type FormatResult,
  type ListEntry,
  type ListFormat,
  type ListLimits,
  type RejectedLine,
} from "./types.js";

export type ListErrorCode =
  | "UNKNOWN_FORMAT"
  | "TOO_LARGE"
  | "NOT_A_LIST"
  | "MALFORMED"
  | "EMPTY"
  | "NO_VALID_ENTRIES"
  | "TOO_MANY_ENTRIES";

export type ListError = {
  code: ListErrorCode;
  /** One sentence for the list's status message (GuardDuty shows ERROR with a reason). */
  message: string;
  /** The first rejected lines, when they explain the error. */
  rejected: RejectedLine[];
};

export type ParsedList = {
  format: ListFormat;
  entries: ListEntry[];
  /** How many entries of each kind, e.g. to refuse domains in an IPv4-only IP set. */
  kinds: Partial<Record<EntryKind, number>>;
  /** Entries that repeated an earlier one (after normalization); their threat names were merged. */
  duplicates: number;
  /** The first rejected lines (at most MAX_REPORTED_REJECTIONS); `rejectedCount` has them all. */
  rejected: RejectedLine[];
  rejectedCount: number;
  bytes: number;
};

export type ParseListResult = { ok: true; list: ParsedList } | { ok: false; error: ListError };

export type ParseListOptions = {
  /** Kinds the list may hold; other entries are rejected (GuardDuty IP sets take IPv4 only). */
  allowedKinds?: readonly EntryKind[];
};

export const MAX_REPORTED_REJECTIONS = 100;

const PARSERS: Record<ListFormat, (text: string) => FormatResult> = {
  TXT: parseTxt,
  STIX: parseStix,
  OTX_CSV: parseOtxCsv,
  ALIEN_VAULT: parseAlienVault,
  PROOF_POINT: parseProofPoint,
  FIRE_EYE: parseFireEye,
};

export function isListFormat(format: string): format is ListFormat {
  return (LIST_FORMATS as readonly string[]).includes(format);
}

/** The size check alone, for callers that know an object's size before downloading it. */
export function checkListSize(byteLength: number, limits: ListLimits): ListError | undefined {
  if (byteLength <= limits.maxBytes) return undefined;
  return failure("TOO_LARGE", `the file is ${formatBytes(byteLength)}, over the ${formatBytes(limits.maxBytes)} limit`);
}

export function parseList(
  format: string,
  content: string | Uint8Array,
  limits: ListLimits,
  options: ParseListOptions = {},
): ParseListResult {
  if (!isListFormat(format)) {
    return { ok: false, error: failure("UNKNOWN_FORMAT", `unknown list format "${format}" (expected one of ${LIST_FORMATS.join(", ")})`) };
  }
  const bytes = byteLengthOf(content);
  const tooLarge = checkListSize(bytes, limits);
  if (tooLarge) return { ok: false, error: tooLarge };
  const decoded = decodeListText(content);
  if ("problem" in decoded) return { ok: false, error: failure("NOT_A_LIST", decoded.problem) };
  const notAList = notAListProblem(decoded.text);
  if (notAList) return { ok: false, error: failure("NOT_A_LIST", notAList) };
  if (decoded.text.trim() === "") return { ok: false, error: failure("EMPTY", "the file is empty") };

  const parsed = PARSERS[format](decoded.text);
  if (parsed.fatal) return { ok: false, error: failure("MALFORMED", parsed.fatal, parsed.rejected) };
  const rejected = [...parsed.rejected, ...disallowedKinds(parsed.entries, options.allowedKinds)];
  const allowed = options.allowedKinds;
  const { entries, duplicates } = deduplicate(allowed ? parsed.entries.filter((entry) => allowed.includes(entry.kind)) : parsed.entries);

  if (entries.length === 0) return { ok: false, error: noEntries(rejected) };
  if (entries.length > limits.maxEntries) {
    const message = `the list holds ${entries.length.toLocaleString("en-US")} entries, over the ${limits.maxEntries.toLocaleString("en-US")} limit`;
    return { ok: false, error: failure("TOO_MANY_ENTRIES", message) };
  }
  const list: ParsedList = {
    format,
    entries,
    kinds: countKinds(entries),
    duplicates,
    rejected: rejected.slice(0, MAX_REPORTED_REJECTIONS),
    rejectedCount: rejected.length,
    bytes,
  };
  return { ok: true, list };
}

function failure(code: ListErrorCode, message: string, rejected: RejectedLine[] = []): ListError {
  return { code, message, rejected: rejected.slice(0, MAX_REPORTED_REJECTIONS) };
}

function noEntries(rejected: RejectedLine[]): ListError {
  if (rejected.length === 0) return failure("EMPTY", "the file holds no entries (only comments, blank lines or non-indicator objects)");
  const first = rejected[0];
  const where = first.line > 0 ? `line ${first.line}` : `"${first.text}"`;
  return failure("NO_VALID_ENTRIES", `no valid entry in the file: ${rejected.length} rejected, first at ${where}: ${first.reason}`, rejected);
}

function disallowedKinds(entries: ListEntry[], allowed: readonly EntryKind[] | undefined): RejectedLine[] {
  if (!allowed) return [];
  return entries
    .filter((entry) => !allowed.includes(entry.kind))
    .map((entry) => ({ line: 0, text: entry.value, reason: `${entry.kind} entries are not allowed in this list (allowed: ${allowed.join(", ")})` }));
}

function deduplicate(entries: ListEntry[]): { entries: ListEntry[]; duplicates: number } {
  const byValue = new Map<string, ListEntry>();
  let duplicates = 0;
  for (const entry of entries) {
    const earlier = byValue.get(entry.value);
    if (!earlier) {
      byValue.set(entry.value, entry);
      continue;
    }
    duplicates++;
    if (entry.threatNames) {
      byValue.set(entry.value, { ...earlier, threatNames: [...new Set([...(earlier.threatNames ?? []), ...entry.threatNames])] });
    }
  }
  return { entries: [...byValue.values()], duplicates };
}

function countKinds(entries: ListEntry[]): Partial<Record<EntryKind, number>> {
  const kinds: Partial<Record<EntryKind, number>> = {};
  for (const entry of entries) kinds[entry.kind] = (kinds[entry.kind] ?? 0) + 1;
  return kinds;
}

function formatBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return mebibytes >= 1 ? `${mebibytes.toFixed(1)} MB` : `${bytes.toLocaleString("en-US")} bytes`;
}
