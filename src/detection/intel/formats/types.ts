/** GuardDuty's list formats (CreateThreatIntelSet / CreateIPSet `Format`). */
export const LIST_FORMATS = ["TXT", "STIX", "OTX_CSV", "ALIEN_VAULT", "PROOF_POINT", "FIRE_EYE"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** cidr4/cidr6 are true networks; a /32 or /128 is stored as a plain address so duplicates meet. */
export type EntryKind = "ipv4" | "ipv6" | "cidr4" | "cidr6" | "domain" | "wildcard";

export type ListEntry = {
  /** Canonical text: RFC 5952 IPv6, network address for CIDRs, lower-case domain without trailing dot, `*.parent`. */
  value: string;
  kind: EntryKind;
  /** Malware family, tag or category, when the list gives one. */
  threatNames?: string[];
};

export type RejectedLine = {
  /** 1-based line of the input; 0 when the format gives no position (e.g. a value inside one JSON line). */
  line: number;
  /** The offending text, cut to a readable length. */
  text: string;
  reason: string;
};

/** What every format parser returns; parsers never throw on bad content. */
export type FormatResult = {
  entries: ListEntry[];
  rejected: RejectedLine[];
  /** Set when the file as a whole is unusable (not JSON, not XML, no header), as opposed to bad lines. */
  fatal?: string;
};

export type ListLimits = {
  maxBytes: number;
  maxEntries: number;
};

/** GuardDuty's quotas: 35 MB per list file, 250,000 entries per threat list. */
export const GUARDDUTY_LIST_LIMITS: ListLimits = Object.freeze({
  maxBytes: 35 * 1024 * 1024,
  maxEntries: 250_000,
});
