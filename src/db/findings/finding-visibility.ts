import { Prisma } from "../../generated/prisma/client.js";
import { associatedStatusesSql } from "../memberships/associated.js";
import type { Database } from "../prisma.js";

/**
 * Who sees whose findings, stated once for SQL queries and for live subscriptions: an account sees
 * the findings of its own detector and, as an administrator, those of its associated (Enabled or
 * Disabled) members' detectors. Nobody else sees anything.
 */
export function visibleDetectorIdsSql(accountRowId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT d.id FROM detectors d WHERE d."accountId" = ${accountRowId}::uuid
    UNION ALL
    SELECT d.id FROM memberships m JOIN detectors d ON d."accountId" = m."memberId"
    WHERE m."administratorId" = ${accountRowId}::uuid AND m."relationshipStatus" IN (${associatedStatusesSql()})`;
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
