import type { LogKind } from "../../detection/events.js";

export type ParseOptions = {
  /** S3 key / file path / push batch id; goes into EventOrigin.object. */
  objectKey: string;
  /** When unknown, detected from the content. */
  kind?: LogKind;
  /** Events per yielded batch, default 1000. */
  batchSize?: number;
  /** Used when a record lacks an account id (e.g. a custom flow log format without account-id). */
  accountIdHint?: string;
  regionHint?: string;
  /**
   * The flow log's LogFormat (as DescribeFlowLogs returns it, `${version} ${srcaddr} …`, or plain field names), for
   * objects without a header line, such as records exported from CloudWatch Logs in a custom format.
   */
  flowLogFormat?: string;
  /** Bytes after decompression past which the object is refused (ObjectTooLargeError); unbounded when unset. */
  maxBytes?: number;
};

/** `line` is the 1-based line for line-oriented input, or the 1-based record index inside a JSON array. */
export type ParseError = { line?: number; message: string };

export type ParseStats = {
  kind?: LogKind;
  /** Records seen. */
  records: number;
  /** Events produced. */
  events: number;
  /** Records that could not be parsed (counted, not fatal). */
  broken: number;
  /** Reason when the whole object is deliberately skipped (e.g. a CloudTrail digest file). */
  skipped?: string;
  /** The first MAX_REPORTED_ERRORS problems, for status display. */
  errors: ParseError[];
};

export const MAX_REPORTED_ERRORS = 20;
