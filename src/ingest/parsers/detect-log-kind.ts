import { constants, gunzipSync } from "node:zlib";
import type { LogKind } from "../../detection/events.js";
import { headerFields, looksLikeDefaultRecord } from "./flow-log-format.js";
import { jsonShape } from "./json-records.js";

export type DetectedKind = LogKind | "CLOUD_TRAIL_DIGEST";

const DIGEST_FIELD = /"(?:digestStartTime|digestSignatureAlgorithm)"\s*:/;
const CLOUDTRAIL_NAME_FIELD = /"eventName"\s*:/;
const CLOUDTRAIL_OTHER_FIELD = /"(?:eventVersion|eventSource)"\s*:/;
const DNS_FIELD = /"(?:query_name|query_timestamp)"\s*:/;

/**
 * The kind of log from the first few KB of an object (raw bytes, gzipped or not, or decoded text); undefined when
 * it is none Vigil reads.
 */
export function detectLogKind(head: Buffer | string): DetectedKind | undefined {
  const text = typeof head === "string" ? head : decodeHead(head);
  if (text === undefined) return undefined;
  const shape = jsonShape(text);
  if (shape !== undefined) return jsonKind(text, shape === "records");
  return looksLikeFlowLog(firstLine(text)) ? "VPC_FLOW_LOGS" : undefined;
}

function jsonKind(text: string, recordsShape: boolean): DetectedKind | undefined {
  if (recordsShape) return "CLOUD_TRAIL";
  if (DIGEST_FIELD.test(text)) return "CLOUD_TRAIL_DIGEST";
  if (CLOUDTRAIL_NAME_FIELD.test(text) && CLOUDTRAIL_OTHER_FIELD.test(text)) return "CLOUD_TRAIL";
  if (DNS_FIELD.test(text)) return "DNS_QUERY_LOGS";
  return undefined;
}

function looksLikeFlowLog(line: string): boolean {
  return headerFields(line) !== undefined || looksLikeDefaultRecord(line);
}

/** The first line that is not blank. */
export function firstLine(text: string): string {
  const start = text.search(/\S/);
  if (start === -1) return "";
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

/** Text of a byte head; a gzipped head is inflated as far as it goes, since a head is a cut-off prefix. */
function decodeHead(head: Buffer): string | undefined {
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return stripBom(head.toString("utf8"));
  try {
    return stripBom(gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8"));
  } catch {
    return undefined;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
