/**
 * Threat intelligence: list parsing (ingestion workers) and the lookup snapshot (detections).
 * Everything here is pure: callers read files and S3 objects, these modules take strings and bytes.
 */
export type { IntelLookup, ThreatCategory, ThreatMatch } from "./lookup.js";
export {
  GUARDDUTY_LIST_LIMITS,
  LIST_FORMATS,
  type EntryKind,
  type FormatResult,
  type ListEntry,
  type ListFormat,
  type ListLimits,
  type RejectedLine,
} from "./formats/types.js";
export {
  MAX_REPORTED_REJECTIONS,
  checkListSize,
  isListFormat,
  parseList,
  type ListError,
  type ListErrorCode,
  type ParseListOptions,
  type ParseListResult,
  type ParsedList,
} from "./formats/parse-list.js";
export type { DomainMatchMode } from "./role-index.js";
export {
  ThreatIndex,
  buildThreatIndex,
  type AccountLists,
  type IntelList,
  type ManagedFeed,
  type ThreatIndexInput,
  type ThreatIndexStats,
} from "./threat-index.js";
export { IntelRegistry } from "./registry.js";
