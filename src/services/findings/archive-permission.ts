import type { Database } from "../../db/prisma.js";
import { currentAdministratorship } from "../policies/relationships.js";

/**
 * Whether the account may archive the findings of its own detector: always, unless it is a member
 * whose administrator has not let members archive (GuardDuty: only administrators archive).
 * An administrator may always archive its members' findings.
 */
export async function mayArchiveOwnFindings(db: Database, accountRowId: string): Promise<boolean> {
  const administratorship = await currentAdministratorship(db, accountRowId);
  if (!administratorship) return true;
  const administratorDetector = await db.detector.findUnique({ where: { accountId: administratorship.administratorId }, select: { membersCanArchive: true } });
  return administratorDetector?.membersCanArchive ?? false;
}
