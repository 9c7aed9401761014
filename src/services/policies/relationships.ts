import { ASSOCIATED } from "../../db/memberships/associated.js";
import type { Prisma, RelationshipStatus } from "../../generated/prisma/client.js";

export { ASSOCIATED };

/**
 * GuardDuty's multi-account rules, each stated once. Services call these; resolvers never decide
 * who may see what.
 */

/** An account holding members in these states acts as an administrator, so it cannot become a member. */
export const ACTIVE_AS_ADMINISTRATOR: readonly RelationshipStatus[] = ["INVITED", "ENABLED", "DISABLED"];

/** "Associated" for listMembers(onlyAssociated): neither merely created nor disassociated. */
export const LISTED_AS_ASSOCIATED: readonly RelationshipStatus[] = ["INVITED", "ENABLED", "DISABLED"];

type Reader = Pick<Prisma.TransactionClient, "membership">;

/** The administrator relationship that currently governs the account, if any. */
export function currentAdministratorship(db: Reader, memberRowId: string) {
  return db.membership.findFirst({
    where: { memberId: memberRowId, relationshipStatus: { in: [...ASSOCIATED] } },
    include: { administrator: true },
  });
}

export async function actsAsAdministrator(db: Reader, accountRowId: string): Promise<boolean> {
  const count = await db.membership.count({
    where: { administratorId: accountRowId, relationshipStatus: { in: [...ACTIVE_AS_ADMINISTRATOR] } },
  });
  return count > 0;
}

/** Prisma filter: accounts the caller may read — itself and the members it administers. */
export function readableAccounts(callerRowId: string): Prisma.AccountWhereInput {
  return {
    OR: [
      { id: callerRowId },
      { administrators: { some: { administratorId: callerRowId, relationshipStatus: { in: [...ASSOCIATED] } } } },
    ],
  };
}

/** GuardDuty's spelling of a relationship status ("Enabled"), as its API returns it. */
export function presentRelationshipStatus(status: RelationshipStatus): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}
