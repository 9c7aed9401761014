/** GuardDuty's `associatedAttackSequenceArn`: each member finding names the sequence it is a signal of. */
import type { SequenceDetection } from "./sequence-types.js";
import type { Finding } from "../findings/types.js";

const CREDENTIALS = "AttackSequence:IAM/CompromisedCredentials";

function sequenceOf(finding: Finding): SequenceDetection["sequence"] | undefined {
  const detection = finding.service.detection;
  return detection && "sequence" in detection ? detection.sequence : undefined;
}

/**
 * Member finding id → the ARN of the sequence it belongs to, for the sequences among `findings`. A
 * member of several names the credential story (the S3 one is raised beside it), else the newest.
 */
export function sequenceMemberLinks(findings: readonly Finding[]): Map<string, string> {
  const links = new Map<string, string>();
  const sequences = findings
    .filter((finding) => sequenceOf(finding))
    .sort((a, b) => Number(a.type === CREDENTIALS) - Number(b.type === CREDENTIALS) || a.service.eventLastSeen.localeCompare(b.service.eventLastSeen));
  for (const sequence of sequences) {
    for (const signal of sequenceOf(sequence)!.signals) if (signal.type === "FINDING") links.set(signal.uid, sequence.arn);
  }
  return links;
}

/** Sets the field on the members among `findings` (changed in place); stored members are the store's to update. */
export function linkSequenceMembers(findings: readonly Finding[]): void {
  const links = sequenceMemberLinks(findings);
  for (const finding of findings) {
    const arn = links.get(finding.id);
    if (arn) finding.associatedAttackSequenceArn = arn;
  }
}
