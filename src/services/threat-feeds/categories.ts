import type { ThreatCategory } from "../../detection/intel/index.js";

// A record rather than an array, so the compiler insists on every category.
const CATEGORIES: Record<ThreatCategory, true> = {
  MALICIOUS_IP: true,
  TOR_EXIT: true,
  TOR_RELAY: true,
  COMMAND_AND_CONTROL: true,
  CRYPTO_MINING: true,
  DGA: true,
  PHISHING: true,
  DROP_POINT: true,
  BLACK_HOLE: true,
  DRIVE_BY_SOURCE: true,
  SCANNER: true,
};

/** Every feed category; each maps to GuardDuty's non-.Custom finding types. */
export const THREAT_CATEGORIES = Object.keys(CATEGORIES) as ThreatCategory[];

export function isThreatCategory(value: string): value is ThreatCategory {
  return Object.hasOwn(CATEGORIES, value);
}
