/**
 * The shared threat lists as the flow/DNS evaluation's managed feeds and custom lists, and the
 * indicators its cases are built from. Feeds by category: maltrail C2 families and ThreatFox (command
 * and control), maltrail mining trails and NoCoin (crypto mining), maltrail DGA families (DGA), Tor
 * exits, maltrail mass scanners (scanner), IPsum level 3+ (malicious). The account's own lists: a
 * sample of IPsum level 5+ addresses and of ThreatFox domains held out of the C2 feed.
 * Case indicators are sampled among entries that match their own category only, so a case tests one
 * type; ipv4:port entries give the port the case connects to.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { GUARDDUTY_LIST_LIMITS, buildThreatIndex, parseList, type ListEntry, type ManagedFeed, type ThreatCategory, type ThreatIndex } from "../../src/detection/intel/index.js";
import type { SeededRandom } from "./seeded-random.js";

export const EVAL_ACCOUNT = "210987654321";

export type Endpoint = { address: string; port?: number };

export type NetworkLists = {
  index: ThreatIndex;
  c2: Endpoint[];
  mining: Endpoint[];
  tor: string[];
  scanners: string[];
  malicious: string[];
  custom: string[];
  c2Domains: string[];
  miningDomains: string[];
  dgaDomains: string[];
  customDomains: string[];
};

type Indicator = { value: string; type: string; category: string };

const SAMPLE = 150;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

function threatIntel(dataDir: string, ...parts: string[]): Buffer {
  const file = path.join(dataDir, "threat-intel", ...parts);
  const bytes = readFileSync(file);
  return file.endsWith(".gz") ? gunzipSync(bytes) : bytes;
}

function csvIndicators(text: string): Indicator[] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [value, type, , category] = line.split(",");
      return { value: value.toLowerCase(), type, category };
    });
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
}

function entries(values: readonly string[]): ListEntry[] {
  const parsed = parseList("TXT", values.join("\n"), GUARDDUTY_LIST_LIMITS);
  return parsed.ok ? parsed.list.entries : [];
}

function endpoint(indicator: Indicator): Endpoint {
  const [address, port] = indicator.value.split(":");
  return port === undefined ? { address } : { address, port: Number(port) };
}

export function readNetworkLists(dataDir: string, random: SeededRandom): NetworkLists {
  const malware = csvIndicators(threatIntel(dataDir, "maltrail", "malware_family_indicators.csv.gz").toString("utf8"));
  const miningTrails = csvIndicators(threatIntel(dataDir, "maltrail", "crypto_mining_indicators.csv").toString("utf8"));
  const threatfox = lines(threatIntel(dataDir, "threatfox", "threatfox_malicious_domains.csv.gz").toString("utf8")).slice(1).map((line) => line.split(",")[0].toLowerCase());
  const nocoin = lines(threatIntel(dataDir, "nocoin", "nocoin_mining_domains.txt").toString("utf8"));
  const tor = lines(threatIntel(dataDir, "tor-exit-nodes", "tor_exit_nodes_2024-02-27.txt").toString("utf8"));
  const scannerIps = lines(threatIntel(dataDir, "maltrail", "mass_scanner_ips.txt").toString("utf8"));
  const scannerCidrs = lines(threatIntel(dataDir, "maltrail", "mass_scanner_cidrs.txt").toString("utf8"));
  const ipsum3 = lines(threatIntel(dataDir, "ipsum", "ipsum_level3_plus.txt").toString("utf8"));
  const ipsum5 = lines(threatIntel(dataDir, "ipsum", "ipsum_level5_plus.txt").toString("utf8"));

  const isAddress = (i: Indicator) => i.type === "ipv4" || i.type === "ipv4:port";
  const c2 = malware.filter((i) => i.category === "c2-malware-family");
  const customDomainPool = new Set(random.sample(threatfox, SAMPLE * 2));
  const feed = (name: string, category: ThreatCategory, values: string[]): ManagedFeed => ({ id: name, name, category, entries: entries(values) });
  const index = buildThreatIndex({
    accounts: new Map([[EVAL_ACCOUNT, { trusted: [], threat: [{ id: "custom", name: "incident-list", entries: entries([...random.sample(ipsum5, SAMPLE * 2), ...customDomainPool]) }] }]]),
    feeds: [
      feed("maltrail C2", "COMMAND_AND_CONTROL", c2.map((i) => endpoint(i).address)),
      feed("ThreatFox", "COMMAND_AND_CONTROL", threatfox.filter((domain) => !customDomainPool.has(domain))),
      feed("maltrail mining", "CRYPTO_MINING", miningTrails.filter((i) => i.type !== "url").map((i) => endpoint(i).address)),
      feed("NoCoin", "CRYPTO_MINING", nocoin),
      feed("maltrail DGA", "DGA", malware.filter((i) => i.category === "dga-malware-family" && i.type === "domain").map((i) => i.value)),
      feed("Tor exit nodes", "TOR_EXIT", tor),
      feed("maltrail mass scanners", "SCANNER", [...scannerIps, ...scannerCidrs]),
      feed("IPsum level 3+", "MALICIOUS_IP", ipsum3),
    ],
  });

  // Only indicators whose every match is of the wanted kind, so that a case tests one type.
  const only = (wanted: (category: ThreatCategory | undefined, custom: boolean) => boolean) => (value: string) => {
    const matches = value.includes(":") || IPV4.test(value) ? index.matchIp(EVAL_ACCOUNT, value) : index.matchDomain(EVAL_ACCOUNT, value);
    return matches.length > 0 && matches.every((match) => wanted(match.category, match.source === "CUSTOM"));
  };
  const managed = (category: ThreatCategory) => only((c, custom) => !custom && c === category);
  const sampleEndpoints = (indicators: Indicator[], category: ThreatCategory) =>
    random.sample(indicators.filter(isAddress).map(endpoint).filter((e) => managed(category)(e.address)), SAMPLE);
  return {
    index,
    c2: sampleEndpoints(c2, "COMMAND_AND_CONTROL"),
    mining: sampleEndpoints(miningTrails, "CRYPTO_MINING"),
    tor: random.sample(tor.filter(managed("TOR_EXIT")), SAMPLE),
    scanners: random.sample(scannerIps.filter(only((c, custom) => !custom && (c === "SCANNER" || c === "MALICIOUS_IP"))), SAMPLE),
    malicious: random.sample(ipsum3.filter(managed("MALICIOUS_IP")), SAMPLE),
    custom: random.sample(ipsum5.filter(only((c, custom) => custom || c === "MALICIOUS_IP")).filter((ip) => index.matchIp(EVAL_ACCOUNT, ip).some((m) => m.source === "CUSTOM")), SAMPLE),
    c2Domains: random.sample([...c2.filter((i) => i.type === "domain").map((i) => i.value), ...threatfox].filter(managed("COMMAND_AND_CONTROL")), SAMPLE),
    miningDomains: random.sample([...miningTrails.filter((i) => i.type === "domain").map((i) => i.value), ...nocoin].filter(managed("CRYPTO_MINING")), SAMPLE),
    dgaDomains: random.sample(malware.filter((i) => i.category === "dga-malware-family" && i.type === "domain").map((i) => i.value).filter(managed("DGA")), SAMPLE),
    customDomains: random.sample([...customDomainPool].filter(only((_c, custom) => custom)), SAMPLE),
  };
}
