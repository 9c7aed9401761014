/** GuardDuty's `associatedAttackSequenceArn`: each member finding names the sequence it is a signal of. */
import type { SequenceDetection } from "./sequence-types.js";
import type { Finding } from "../findings/types.js";

function sequenceOf(finding: Finding): SequenceDetection["sequence"] | undefined {
  const detection = finding.service.detection;
  return detection && "sequence" in detection ? detection.sequence : undefined;
}

const CREDENTIALS = "AttackSequence:IAM/CompromisedCredentials";

/**
 * Sets the field on the members among `findings` (changed in place). A member of several sequences
 * names the credential story (the S3 one is raised beside it), else the newest.
 */
export function linkSequenceMembers(findings: readonly Finding[]): void {
  const byId = new Map(findings.map((finding) => [finding.id, finding]));
  const sequences = findings
    .filter((finding) => sequenceOf(finding))
    .sort((a, b) => Number(a.type === CREDENTIALS) - Number(b.type === CREDENTIALS) || a.service.eventLastSeen.localeCompare(b.service.eventLastSeen));
  for (const sequence of sequences) {
    for (const signal of sequenceOf(sequence)!.signals) {
      const member = signal.type === "FINDING" ? byId.get(signal.uid) : undefined;
      if (member) member.associatedAttackSequenceArn = sequence.arn;
    }
  }
}
