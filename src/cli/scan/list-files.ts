/**
 * Threat and trusted lists for an offline scan, read from files and parsed by the intel module's
 * list parser. A scan has no accounts configured, so the lists apply to every account in the logs,
 * the way an administrator's lists apply to all its members.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { GUARDDUTY_LIST_LIMITS } from "../../detection/intel/formats/types.js";
import type { IntelLookup, ThreatCategory, ThreatMatch } from "../../detection/intel/lookup.js";
import { buildThreatIndex, type IntelList, type ManagedFeed } from "../../detection/intel/threat-index.js";
import { ScanError } from "./scan-error.js";

const ALL_ACCOUNTS = "*";

const CATEGORIES: readonly ThreatCategory[] = [
  "MALICIOUS_IP",
  "TOR_EXIT",
  "TOR_RELAY",
  "COMMAND_AND_CONTROL",
  "CRYPTO_MINING",
  "DGA",
  "PHISHING",
  "DROP_POINT",
  "BLACK_HOLE",
  "DRIVE_BY_SOURCE",
  "SCANNER",
];

type ParseList = typeof import("../../detection/intel/formats/parse-list.js").parseList;

function readList(parseList: ParseList, file: string): IntelList {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ScanError(`cannot read list ${file}: ${(error as Error).message}`);
  }
  const parsed = parseList("TXT", bytes, GUARDDUTY_LIST_LIMITS);
  if (!parsed.ok) throw new ScanError(`list ${file}: ${parsed.error.message}`);
  return { id: path.resolve(file), name: path.basename(file), entries: parsed.list.entries };
}

/** "TOR_EXIT=tor-exits.txt" → a managed feed of that category. */
function readFeed(parseList: ParseList, spec: string): ManagedFeed {
  const equals = spec.indexOf("=");
  const category = spec.slice(0, equals) as ThreatCategory;
  if (equals <= 0 || !CATEGORIES.includes(category)) {
    throw new ScanError(`--feed takes CATEGORY=FILE with CATEGORY one of ${CATEGORIES.join(", ")}; got "${spec}"`);
  }
  return { ...readList(parseList, spec.slice(equals + 1)), category };
}

export type ListFiles = { threatLists: readonly string[]; trustedLists: readonly string[]; feeds: readonly string[] };

type Lists = { trusted: IntelList[]; threat: IntelList[]; feeds: ManagedFeed[] };

// The list parsers (CSV, STIX XML and the rest) are loaded only for a scan that names a list.
async function readListFiles(files: ListFiles): Promise<Lists> {
  const { parseList } = await import("../../detection/intel/formats/parse-list.js");
  return {
    trusted: files.trustedLists.map((file) => readList(parseList, file)),
    threat: files.threatLists.map((file) => readList(parseList, file)),
    feeds: files.feeds.map((spec) => readFeed(parseList, spec)),
  };
}

export async function loadListFiles(files: ListFiles): Promise<IntelLookup> {
  const named = files.trustedLists.length + files.threatLists.length + files.feeds.length > 0;
  const lists = named ? await readListFiles(files) : { trusted: [], threat: [], feeds: [] };
  const index = buildThreatIndex({ accounts: { [ALL_ACCOUNTS]: { trusted: lists.trusted, threat: lists.threat } }, feeds: lists.feeds });
  return {
    isTrustedIp: (_account: string, ip: string) => index.isTrustedIp(ALL_ACCOUNTS, ip),
    isTrustedDomain: (_account: string, domain: string) => index.isTrustedDomain(ALL_ACCOUNTS, domain),
    matchIp: (_account: string, ip: string): ThreatMatch[] => index.matchIp(ALL_ACCOUNTS, ip),
    matchDomain: (_account: string, domain: string): ThreatMatch[] => index.matchDomain(ALL_ACCOUNTS, domain),
  };
}
