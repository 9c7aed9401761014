/** The shared data's threat-intel lists as managed feeds, for the evaluation's threat-intel checks. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { GUARDDUTY_LIST_LIMITS, buildThreatIndex, parseList, type ManagedFeed, type ThreatCategory, type ThreatIndex } from "../../src/detection/intel/index.js";

const FEEDS: Array<[file: string, category: ThreatCategory, name: string]> = [
  ["ipsum/ipsum_level3_plus.txt", "MALICIOUS_IP", "IPsum level 3+"],
  ["tor-exit-nodes/tor_exit_nodes_2024-02-27.txt", "TOR_EXIT", "Tor exit nodes"],
  ["maltrail/mass_scanner_ips.txt", "SCANNER", "maltrail mass scanners"],
  ["maltrail/mass_scanner_cidrs.txt", "SCANNER", "maltrail mass scanner ranges"],
];

export function sharedFeedIndex(dataDir: string): ThreatIndex {
  const feeds: ManagedFeed[] = FEEDS.map(([file, category, name]) => {
    const parsed = parseList("TXT", readFileSync(path.join(dataDir, "threat-intel", file)), GUARDDUTY_LIST_LIMITS);
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
    return { id: file, name, category, entries: parsed.list.entries };
  });
  return buildThreatIndex({ accounts: new Map(), feeds });
}
