import type { Prisma } from "../../generated/prisma/client.js";
import { ConflictError, ForbiddenError } from "../errors.js";

type Reader = Pick<Prisma.TransactionClient, "organizationAdmin" | "membership">;

/**
 * GuardDuty's organisation rules, each stated once. The operator designates an organisation's
 * administrator (enableOrganizationAdminAccount); only that account speaks for the organisation.
 */

/** The account's organisation configuration when the operator designated it an organisation's administrator. */
export function organizationAdminOf(db: Reader, accountRowId: string) {
  return db.organizationAdmin.findUnique({ where: { accountId: accountRowId } });
}

/** An organisation source carries other accounts' events: only a designated administrator's own detector may have one. */
export async function mayOwnOrganizationSource(db: Reader, ownerRowId: string): Promise<ForbiddenError | undefined> {
  if (await organizationAdminOf(db, ownerRowId)) return undefined;
  return new ForbiddenError(
    "Only an organisation's administrator (designated by the operator with enableOrganizationAdminAccount) may mark its own log source organizationSource.",
  );
}

/** Under autoEnableOrganizationMembers ALL, as in GuardDuty, a member cannot leave or be stopped, removed or deleted. */
export async function membersLockedBy(db: Reader, administratorRowId: string, operation: string): Promise<ConflictError | undefined> {
  const configuration = await organizationAdminOf(db, administratorRowId);
  if (configuration?.autoEnable !== "ALL") return undefined;
  return new ConflictError(`${operation} is refused while the organisation's autoEnableOrganizationMembers is ALL; set it to NEW or NONE first.`);
}
