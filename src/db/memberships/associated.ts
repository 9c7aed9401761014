import { Prisma, type RelationshipStatus } from "../../generated/prisma/client.js";

/**
 * A member in these states is under its administrator: the administrator sees and manages it.
 * Stated here, beneath the services, because the visibility and routing queries need it as much as
 * the policies do.
 */
export const ASSOCIATED: readonly RelationshipStatus[] = ["ENABLED", "DISABLED"];

/** `IN (…)` list of the associated states, for membership joins. */
export function associatedStatusesSql(): Prisma.Sql {
  return Prisma.join(ASSOCIATED.map((status) => Prisma.sql`${status}::"RelationshipStatus"`));
}
