import type { Database } from "../../db/prisma.js";
import type { Account, Detector } from "../../generated/prisma/client.js";
import { type AccountActor, type Actor, requireAccount } from "../actor.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { GUARDDUTY_STYLE_ID } from "../ids.js";
import { authorize, type Policy } from "./policy.js";
import { currentAdministratorship, readableAccounts } from "./relationships.js";

/**
 * What a caller may do in a detector. Every detector-scoped operation names the caller's own
 * detector, as GuardDuty's API paths do ("use"); the actions below add what GuardDuty asks beyond
 * that. Reading a detector ("read") is wider: an administrator reads its associated members'.
 */
export type DetectorAction = "use" | "manageFilters" | "manageLists" | "manageMembers" | "archiveOwnFindings" | "applyRulesToMembers";

type OwnDetector = { db: Database; detector: Detector };

const DETECTOR_POLICY: Policy<DetectorAction, AccountActor, OwnDetector> = {
  use: async () => undefined,
  manageFilters: async (caller, { db }) => {
    const administratorship = await currentAdministratorship(db, caller.accountRowId);
    return administratorship
      ? new ForbiddenError(`Filters are managed by your administrator (${administratorship.administrator.accountId}); its filters apply to your findings.`)
      : undefined;
  },
  manageLists: async (caller, { db }) =>
    (await currentAdministratorship(db, caller.accountRowId))
      ? new ForbiddenError("A member account cannot manage trusted or threat lists: its administrator's lists apply to it.")
      : undefined,
  manageMembers: async (caller, { db }) =>
    (await currentAdministratorship(db, caller.accountRowId))
      ? new ConflictError("A member account cannot manage members: an account is never an administrator and a member at once.")
      : undefined,
  applyRulesToMembers: async (caller, { db }) =>
    (await currentAdministratorship(db, caller.accountRowId))
      ? new ForbiddenError("A member account cannot apply a custom rule to members (scope MEMBERS): only an administrator has members.")
      : undefined,
  archiveOwnFindings: async (caller, { db }) =>
    (await mayArchiveOwnFindings(db, caller.accountRowId))
      ? undefined
      : new ForbiddenError("Your administrator archives your findings: members may archive only when their administrator allows it (membersCanArchive)."),
};

/**
 * Whether the account may archive the findings of its own detector: always, unless it is a member
 * whose administrator has not let members archive (GuardDuty: only administrators archive).
 * An administrator may always archive its members' findings.
 */
async function mayArchiveOwnFindings(db: Database, accountRowId: string): Promise<boolean> {
  const administratorship = await currentAdministratorship(db, accountRowId);
  if (!administratorship) return true;
  const administratorDetector = await db.detector.findUnique({ where: { accountId: administratorship.administratorId }, select: { membersCanArchive: true } });
  return administratorDetector?.membersCanArchive ?? false;
}

/** The calling account and its own detector, which `detectorId` must name, once the action is allowed. */
export async function authorizeDetector(db: Database, actor: Actor | null, action: DetectorAction, detectorId: string): Promise<{ caller: AccountActor; detector: Detector }> {
  const caller = requireAccount(actor);
  const detector = await db.detector.findUnique({ where: { accountId: caller.accountRowId } });
  // Another account's detector is indistinguishable from an unknown one.
  if (!detector || detector.id !== detectorId) throw new NotFoundError(`Detector ${detectorId} not found.`);
  await authorize(DETECTOR_POLICY, caller, action, { db, detector });
  return { caller, detector };
}

/** A detector the caller may read: its own, or an associated member's for its administrator; with its owner. */
export async function authorizeDetectorRead(db: Database, actor: Actor | null, detectorId: string): Promise<{ caller: AccountActor; detector: Detector & { account: Account } }> {
  const caller = requireAccount(actor);
  const detector = GUARDDUTY_STYLE_ID.test(detectorId)
    ? await db.detector.findFirst({ where: { id: detectorId, account: readableAccounts(caller.accountRowId) }, include: { account: true } })
    : null;
  if (!detector) throw new NotFoundError(`Detector ${detectorId} not found.`);
  return { caller, detector };
}
