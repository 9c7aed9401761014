/**
 * What detections ask of threat intelligence. Implemented by the in-memory index built from the
 * account's trusted/threat lists and the operator's managed feeds (src/detection/intel/).
 */

/** Feed categories; each maps to GuardDuty's non-.Custom finding types. */
export type ThreatCategory =
  | "MALICIOUS_IP"
  | "TOR_EXIT"
  | "TOR_RELAY"
  | "COMMAND_AND_CONTROL"
  | "CRYPTO_MINING"
  | "DGA"
  | "PHISHING"
  | "DROP_POINT"
  | "BLACK_HOLE"
  | "DRIVE_BY_SOURCE"
  | "SCANNER";

export type ThreatMatch = {
  /** The list's or feed's name, shown in evidence.threatIntelligenceDetails[].threatListName. */
  listName: string;
  /** "CUSTOM" for an account's own threat list (→ .Custom finding types), else the feed's category. */
  source: "CUSTOM" | "MANAGED";
  category?: ThreatCategory;
  /** Threat names attached to the entry (malware family, tag), if the list gives them. */
  threatNames: string[];
  /** The list entry that matched (an address, CIDR or domain pattern). */
  entry: string;
};

export interface IntelLookup {
  /** True when the address is on a trusted list of the account (trusted beats threat). */
  isTrustedIp(accountId: string, ip: string): boolean;
  isTrustedDomain(accountId: string, domain: string): boolean;
  /** Threat matches for an IPv4/IPv6 address: the account's lists and every managed feed. */
  matchIp(accountId: string, ip: string): ThreatMatch[];
  /** Threat matches for a domain, including `*.parent` wildcard and parent-domain entries. */
  matchDomain(accountId: string, domain: string): ThreatMatch[];
}
