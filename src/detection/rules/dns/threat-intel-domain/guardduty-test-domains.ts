/**
 * The names GuardDuty itself answers with a finding so that customers can check it works (its user
 * guide's guarddutyc2activityb.com, and the per-type names AWS's guardduty-tester queries, from
 * awslabs/amazon-guardduty-tester lib/common/testResources/definitions.json, Apache-2.0). Vigil raises
 * the same types for them, as if a built-in feed listed them. The reputation test names
 * (*-rep.guarddutyc2activityb.com) are left to the reputation types.
 */
import type { ThreatCategory, ThreatMatch } from "../../../intel/lookup.js";

const LIST_NAME = "GuardDuty test domains";

const DOMAINS: ReadonlyArray<[domain: string, category: ThreatCategory]> = [
  ["crypto.guarddutyc2activityb.com", "CRYPTO_MINING"],
  ["guarddutyc2activityb.com", "COMMAND_AND_CONTROL"],
  ["guarddutydroppointactivity.com", "DROP_POINT"],
  ["guarddutyblackholeactivity.com", "BLACK_HOLE"],
  ["guarddutyphishingactivity.com", "PHISHING"],
  ["guarddutydrivebyactivity.com", "DRIVE_BY_SOURCE"],
  ["guarddutydgaactivity.com", "DGA"],
];

const REPUTATION_TEST = /^[a-z]+-rep\.guarddutyc2activityb\.com$/;

function isAtOrBelow(name: string, domain: string): boolean {
  return name === domain || (name.endsWith(domain) && name.charCodeAt(name.length - domain.length - 1) === 46);
}

/** The test-domain match of a (lower-case) query name, most specific first; none for other names. */
export function testDomainMatches(name: string): ThreatMatch[] {
  if (!name.includes("guardduty") || REPUTATION_TEST.test(name)) return [];
  for (const [domain, category] of DOMAINS) {
    if (isAtOrBelow(name, domain)) return [{ listName: LIST_NAME, source: "MANAGED", category, threatNames: [], entry: domain }];
  }
  return [];
}
