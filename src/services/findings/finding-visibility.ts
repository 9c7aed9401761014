import type { Database } from "../../db/prisma.js";
import { Prisma } from "../../generated/prisma/client.js";
import { ASSOCIATED, currentAdministratorship } from "../policies/relationships.js";

/**
 * Who sees whose findings, stated once for SQL queries and for live subscriptions: an account sees
 * the findings of its own detector and, as an administrator, those of its associated (Enabled or
 * Disabled) members' detectors. Nobody else sees anything.
 */
export function visibleDetectorIdsSql(accountRowId: string): Prisma.Sql {
  const associated = Prisma.join(ASSOCIATED.map((status) => Prisma.sql`${status}::"RelationshipStatus"`));
  return Prisma.sql`
    SELECT d.id FROM detectors d WHERE d."accountId" = ${accountRowId}::uuid
    UNION ALL
    SELECT d.id FROM memberships m JOIN detectors d ON d."accountId" = m."memberId"
    WHERE m."administratorId" = ${accountRowId}::uuid AND m."relationshipStatus" IN (${associated})`;
}

export async function visibleDetectorIds(db: Database, accountRowId: string): Promise<Set<string>> {
  const rows = await db.$queryRaw<Array<{ id: string }>>(visibleDetectorIdsSql(accountRowId));
  return new Set(rows.map((row) => row.id));
}

/**
 * `table`."detectorId" is one the account sees. The ids are resolved first and passed as a list, so
 * the planner knows how much of the table the caller sees and picks an index scan in sort order
 * (an administrator who sees most findings) or an index lookup then a sort (a single account).
 */
export async function visibleToAccountSql(db: Database, accountRowId: string, table = "f"): Promise<Prisma.Sql> {
  const detectorIds = [...(await visibleDetectorIds(db, accountRowId))];
  return Prisma.sql`${Prisma.raw(`${table}."detectorId"`)} = ANY(${detectorIds}::varchar[])`;
}

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
