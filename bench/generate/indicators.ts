import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/paths.js";

/**
 * Malicious indicators for the generated logs, drawn from the real lists committed as test fixtures
 * (test/fixtures/intel/README.md gives their origin and licence): known-bad IPs (IPsum), Tor exit
 * nodes, and crypto-mining domains (NoCoin).
 */
export type Indicators = { maliciousIps: string[]; torExits: string[]; miningDomains: string[] };

const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "intel");

function lines(file: string): string[] {
  return readFileSync(path.join(FIXTURES, file), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

export function loadIndicators(): Indicators {
  return {
    maliciousIps: lines("ipsum_level5_head.txt"),
    torExits: lines("tor_exit_nodes_sample.txt").filter((ip) => !ip.includes(":")),
    miningDomains: lines("nocoin_hosts_sample.txt").map((line) => line.split(/\s+/).pop()!),
  };
}

/** The same indicators as TXT threat-list content, to load into the engine's index. */
export function indicatorLists(indicators: Indicators): { maliciousIps: string; torExits: string; miningDomains: string } {
  return {
    maliciousIps: indicators.maliciousIps.join("\n"),
    torExits: indicators.torExits.join("\n"),
    miningDomains: indicators.miningDomains.join("\n"),
  };
}
