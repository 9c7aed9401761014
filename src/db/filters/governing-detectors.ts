import { Prisma } from "../../generated/prisma/client.js";
import { associatedStatusesSql } from "../memberships/associated.js";
import type { Database } from "../prisma.js";

/** For each detector, the one whose filters govern it: its administrator's for an associated member, else its own. */
export function governingDetectors(db: Database, detectorIds: readonly string[]): Promise<Array<{ detectorId: string; governingId: string }>> {
  return db.$queryRaw<Array<{ detectorId: string; governingId: string }>>(Prisma.sql`
    SELECT d.id AS "detectorId", COALESCE(ad.id, d.id) AS "governingId" FROM detectors d
    LEFT JOIN memberships m ON m."memberId" = d."accountId" AND m."relationshipStatus" IN (${associatedStatusesSql()})
    LEFT JOIN detectors ad ON ad."accountId" = m."administratorId"
    WHERE d.id = ANY(${[...detectorIds]}::varchar[])`);
}
