import type { LogKind } from "../../detection/events.js";
import { detectLogKind, firstLine, type DetectedKind } from "./detect-log-kind.js";
import { parseFormatString, splitFields } from "./flow-log-format.js";
import { LogObjectError } from "./log-object-error.js";
import type { Head } from "./text-chunks.js";
import type { ParseOptions } from "./types.js";

export type KindChoice = { kind: LogKind } | { kind?: LogKind; skipped: string };

const KIND_NAMES: Record<DetectedKind, string> = {
  CLOUD_TRAIL: "CloudTrail",
  CLOUD_TRAIL_DIGEST: "a CloudTrail digest file",
  VPC_FLOW_LOGS: "VPC flow logs",
  DNS_QUERY_LOGS: "Route 53 Resolver query logs",
};
const PARQUET_MAGIC = "PAR1";
const EMPTY_ARRAY = /^\s*\[\s*\]\s*$/;

/**
 * What to read the object as, from its head and the declared kind. A declared kind is checked, not trusted: reading
 * a flow log as CloudTrail would only produce a broken record per line, and hide the misconfiguration.
 */
export function chooseKind(head: Head, options: ParseOptions): KindChoice {
  const { text } = head;
  if (head.ended && text.trim().length === 0) return { kind: options.kind, skipped: "empty object" };
  if (text.startsWith(PARQUET_MAGIC)) {
    throw new LogObjectError(
      options.objectKey,
      "Parquet flow logs are not supported (no Parquet reader is installed); deliver flow logs as plain text",
    );
  }
  const detected = detectLogKind(text) ?? matchesDeclaredFlowFormat(text, options);
  if (detected === "CLOUD_TRAIL_DIGEST") return { kind: "CLOUD_TRAIL", skipped: "CloudTrail digest file" };
  if (detected !== undefined && (options.kind === undefined || options.kind === detected)) return { kind: detected };
  if (head.ended && EMPTY_ARRAY.test(text)) {
    return options.kind ? { kind: options.kind } : { skipped: "empty object" };
  }
  if (detected !== undefined) {
    throw new LogObjectError(options.objectKey, `declared ${KIND_NAMES[options.kind!]} but it holds ${KIND_NAMES[detected]}`);
  }
  const expected = options.kind ? KIND_NAMES[options.kind] : "CloudTrail, VPC flow logs or Route 53 Resolver query logs";
  throw new LogObjectError(options.objectKey, `not ${expected}: ${describeContent(text)}`);
}

/**
 * Flow logs without a header in a custom format can only be recognized by the format the caller declares (which
 * declares the kind too).
 */
function matchesDeclaredFlowFormat(text: string, options: ParseOptions): LogKind | undefined {
  if (options.flowLogFormat === undefined || (options.kind ?? "VPC_FLOW_LOGS") !== "VPC_FLOW_LOGS") return undefined;
  const fieldCount = parseFormatString(options.flowLogFormat).length;
  return fieldCount > 0 && splitFields(firstLine(text)).length === fieldCount ? "VPC_FLOW_LOGS" : undefined;
}

function describeContent(text: string): string {
  const start = text.slice(0, 512);
  // Control characters and U+FFFD (what invalid UTF-8 decodes to) mean the bytes are not text at all.
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(start)) return "binary content";
  return `it starts with ${JSON.stringify(text.trimStart().slice(0, 60))}`;
}
