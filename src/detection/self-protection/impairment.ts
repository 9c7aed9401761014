import type { FindingCandidate, FindingTypeMeta } from "../engine/types.js";

/** Vigil's configuration is not regional: its findings carry this region (and the "aws" partition). */
export const VIGIL_REGION = "global";

/** One way Vigil was blinded, as the self-protection service decided it. */
export type Impairment = {
  meta: FindingTypeMeta;
  /** 12-digit id of the account whose detection is impaired. */
  accountId: string;
  /** With the detector and the type, decides the finding: the same impairment raised twice is one finding. */
  key: string;
  /** The Vigil operation that impaired it, or what noticed it ("vigil:watch"). */
  operation: string;
  /** Who did it, in words: "account 111122223333", "the operator", "nobody (Vigil noticed)". */
  actor: string;
  time: number;
  /** The type's placeholders besides account and actor. */
  details: Record<string, string>;
  additionalInfo?: Record<string, unknown>;
};

/** The candidate the finding builder turns into GuardDuty JSON: an API call on Vigil, by the actor. */
export function impairmentCandidate(impairment: Impairment): FindingCandidate {
  return {
    meta: impairment.meta,
    severity: impairment.meta.severity,
    accountId: impairment.accountId,
    region: VIGIL_REGION,
    aggregationKey: `${impairment.accountId}|${impairment.key}`,
    time: impairment.time,
    resource: { resourceType: "AccessKey", accessKeyDetails: { userName: impairment.actor, userType: "Vigil" } },
    action: { actionType: "AWS_API_CALL", api: impairment.operation, serviceName: "vigil", caller: "vigil", affectedResources: {} },
    templateValues: { account: impairment.accountId, actor: impairment.actor, ...impairment.details },
    additionalInfo: { selfProtection: true, ...impairment.additionalInfo },
    source: { object: `vigil:${impairment.operation}` },
  };
}
