import type { Database } from "../../db/prisma.js";
import type { Account, Detector, LogSource } from "../../generated/prisma/client.js";
import { type AccountActor, type Actor, requireAccount } from "../actor.js";
import { NotFoundError } from "../errors.js";
import { UUID } from "../ids.js";
import { readableAccounts } from "./relationships.js";

export type LogSourceWithOwner = LogSource & { detector: Detector & { account: Account } };

/**
 * A log source the caller may read and manage: one of its own detector's or, for an administrator,
 * of an associated member's (GuardDuty lets the administrator manage its members' data sources).
 * Anyone else's is indistinguishable from an unknown one.
 */
export async function authorizeLogSource(db: Database, actor: Actor | null, logSourceId: string): Promise<{ caller: AccountActor; source: LogSourceWithOwner }> {
  const caller = requireAccount(actor);
  const source = UUID.test(logSourceId)
    ? await db.logSource.findFirst({ where: { id: logSourceId, detector: { account: readableAccounts(caller.accountRowId) } }, include: { detector: { include: { account: true } } } })
    : null;
  if (!source) throw new NotFoundError(`Log source ${logSourceId} not found.`);
  return { caller, source };
}
