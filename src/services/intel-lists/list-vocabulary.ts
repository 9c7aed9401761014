import type { IntelListKind, IntelListSetType, IntelListStatus } from "../../generated/prisma/client.js";
import type { ListJob } from "../../queues/list-jobs.js";

/**
 * GuardDuty's two generations of lists, on one engine: IP lists (IPSet for trusted, ThreatIntelSet for
 * threat) and entity lists (TrustedEntitySet, ThreatEntitySet). Vigil reads IPs and domains in both.
 */
export type ListFamily = IntelListKind | "TRUSTED_ENTITY" | "THREAT_ENTITY";

type Vocabulary = {
  kind: IntelListKind;
  setType: IntelListSetType;
  noun: string;
  label: string;
  create: string;
  update: string;
  delete: string;
  /** Where the limit on how many an account has comes from. */
  limitSetting: string;
};

export const LIST_VOCABULARY = {
  TRUSTED: { kind: "TRUSTED", setType: "IP_SET", noun: "IPSet", label: "trusted list", create: "createIPSet", update: "updateIPSet", delete: "deleteIPSet", limitSetting: "VIGIL_MAX_TRUSTED_LISTS" },
  THREAT: { kind: "THREAT", setType: "IP_SET", noun: "ThreatIntelSet", label: "threat list", create: "createThreatIntelSet", update: "updateThreatIntelSet", delete: "deleteThreatIntelSet", limitSetting: "VIGIL_MAX_THREAT_LISTS" },
  TRUSTED_ENTITY: {
    kind: "TRUSTED",
    setType: "ENTITY_SET",
    noun: "TrustedEntitySet",
    label: "trusted entity list",
    create: "createTrustedEntitySet",
    update: "updateTrustedEntitySet",
    delete: "deleteTrustedEntitySet",
    limitSetting: "GuardDuty's rule (one per account)",
  },
  THREAT_ENTITY: {
    kind: "THREAT",
    setType: "ENTITY_SET",
    noun: "ThreatEntitySet",
    label: "threat entity list",
    create: "createThreatEntitySet",
    update: "updateThreatEntitySet",
    delete: "deleteThreatEntitySet",
    limitSetting: "VIGIL_MAX_THREAT_LISTS",
  },
} as const satisfies Record<ListFamily, Vocabulary>;

/** GuardDuty allows one trusted entity list per account (and Region). */
export const TRUSTED_ENTITY_SETS_PER_ACCOUNT = 1;

/** The rows of one family. */
export function familyWhere(family: ListFamily): { kind: IntelListKind; setType: IntelListSetType } {
  const { kind, setType } = LIST_VOCABULARY[family];
  return { kind, setType };
}

/** GuardDuty allows no action on a list in these statuses: a worker is about to move it on. */
export const TRANSITIONAL: readonly IntelListStatus[] = ["ACTIVATING", "DEACTIVATING", "DELETE_PENDING"];

/** The worker job that finishes each transitional status. */
export const JOB_FOR_STATUS: Partial<Record<IntelListStatus, Extract<ListJob, { listId: string }>["name"]>> = {
  ACTIVATING: "activate-list",
  DEACTIVATING: "deactivate-list",
  DELETE_PENDING: "delete-list",
};
