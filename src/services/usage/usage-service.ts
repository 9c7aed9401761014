import { sourceUsageSince } from "../../db/usage/usage-rows.js";
import type { Database } from "../../db/prisma.js";
import type { Actor } from "../actor.js";
import { InvalidInputError } from "../errors.js";
import { authorizeDetector } from "../policies/detector.js";
import { usageStatistics, type UsageStatistics } from "./usage-statistics.js";

/** GuardDuty's usage window. */
export const USAGE_DAYS = 30;

/**
 * GuardDuty's GetUsageStatistics, as what Vigil processed where GuardDuty shows cost: objects, events
 * and bytes of the last 30 days, for the caller's own detector and, for an administrator, its
 * associated members'. The ingestion ledger's object rows are the source (a deleted source's go with it).
 */
export class UsageService {
  constructor(private readonly db: Database) {}

  async statistics(actor: Actor | null, detectorId: string, accountIds?: readonly string[] | null, now = new Date()): Promise<UsageStatistics> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const bad = accountIds?.find((id) => !/^\d{12}$/.test(id));
    if (bad !== undefined) throw new InvalidInputError(`accountIds must be 12-digit AWS account ids, not ${JSON.stringify(bad)}.`);
    const from = new Date(now.getTime() - USAGE_DAYS * 86_400_000);
    return usageStatistics(await sourceUsageSince(this.db, caller.accountRowId, from), from, now, { accountIds });
  }
}
