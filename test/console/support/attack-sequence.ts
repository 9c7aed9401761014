import { defaultEngine } from "../../../src/detection/engine/default-engine";
import { buildFinding } from "../../../src/detection/findings/build-finding";
import type { Finding } from "../../../src/detection/findings/types";
import { linkSequenceMembers } from "../../../src/detection/sequences/link-members";
import { DEFAULT_SEQUENCE_SETTINGS } from "../../../src/detection/sequences/settings";
import { MemorySequenceStore } from "../../../src/detection/sequences/store";
import { detectSequences } from "../../../src/detection/sequences/detect-sequences";
import { attackRecords, events } from "../../../src/detection/testing/attack-story";
import { testContext } from "../../../src/detection/testing/cloudtrail";
import type { GeoLookup } from "../../../src/detection/geo/geo-lookup";

// Addresses as they are, without the bundled databases: the console shows what the finding says.
const PLAIN_GEO: GeoLookup = { lookup: (address) => (/^[\d.]+$/.test(address) ? { ipAddressV4: address } : address.includes(":") ? { ipAddressV6: address } : undefined) };

/**
 * The engine's own findings for the stolen-key story (src/detection/testing/attack-story.ts): the rules'
 * findings and the AttackSequence:IAM/CompromisedCredentials they are signals of, linked as the pipeline links them.
 */
export async function attackSequenceFindings(detectorId: string): Promise<{ sequence: Finding; members: Finding[] }> {
  const batch = events(attackRecords());
  const candidates = defaultEngine().detect(batch, testContext());
  const sequences = await detectSequences(new MemorySequenceStore(), batch, candidates, "object#0", { detectorId, settings: DEFAULT_SEQUENCE_SETTINGS });
  const findings = [...candidates, ...sequences].map((candidate) => buildFinding(candidate, { detectorId, geo: PLAIN_GEO }));
  linkSequenceMembers(findings);
  const sequence = findings.find((finding) => finding.type === "AttackSequence:IAM/CompromisedCredentials");
  if (!sequence) throw new Error("the attack story raised no sequence");
  return { sequence, members: findings.filter((finding) => finding !== sequence) };
}
