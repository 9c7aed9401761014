import type { IntelListKind, IntelListStatus } from "../../generated/prisma/client.js";
import type { ListJob } from "../../queues/list-jobs.js";

/** GuardDuty's names for each kind of list: IPSet for trusted lists, ThreatIntelSet for threat lists. */
export const LIST_VOCABULARY = {
  TRUSTED: { noun: "IPSet", label: "trusted list", create: "createIPSet", update: "updateIPSet", delete: "deleteIPSet", limitSetting: "VIGIL_MAX_TRUSTED_LISTS" },
  THREAT: { noun: "ThreatIntelSet", label: "threat list", create: "createThreatIntelSet", update: "updateThreatIntelSet", delete: "deleteThreatIntelSet", limitSetting: "VIGIL_MAX_THREAT_LISTS" },
} as const satisfies Record<IntelListKind, unknown>;

/** GuardDuty allows no action on a list in these statuses: a worker is about to move it on. */
export const TRANSITIONAL: readonly IntelListStatus[] = ["ACTIVATING", "DEACTIVATING", "DELETE_PENDING"];

/** The worker job that finishes each transitional status. */
export const JOB_FOR_STATUS: Partial<Record<IntelListStatus, Extract<ListJob, { listId: string }>["name"]>> = {
  ACTIVATING: "activate-list",
  DEACTIVATING: "deactivate-list",
  DELETE_PENDING: "delete-list",
};
