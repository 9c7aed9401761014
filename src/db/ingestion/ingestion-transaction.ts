import type { Finding } from "../../detection/findings/types.js";
import { type UpsertedFinding, upsertFindings } from "../findings/finding-upserts.js";
import type { Database } from "../prisma.js";
import type { Transaction } from "../transaction.js";

/** The outcome of reading one object to its end. */
export type ObjectRead = {
  status: "DONE" | "SKIPPED";
  records: number;
  events: number;
  broken: number;
  /** Events not analysed because of the account they name, by reason and, outside the organisation, by account. */
  dropped: { other_account: number; outside_organization: number; byAccount: ReadonlyMap<string, number> };
  bytes: number;
  /** When the object landed; the source's lag is measured against the newest one processed. */
  lastModified: Date;
  detail: string | null;
  findings: readonly Finding[];
  /** Ids of new findings a suppression rule archives at creation. */
  suppressedIds: ReadonlySet<string>;
};

export type FailedObject = { objectKey: string; bytes: number; detail: string; error: string; locationProblem: boolean };

// Long enough for thousands of findings in a few statements on a busy database; a job that holds a
// transaction longer has a problem worth an error.
const TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/**
 * One transaction: the object's row (replacing its pending row), its findings and the source's counters. Returns the findings
 * written, or null when another run recorded the object first (then nothing is written).
 */
export function recordObjectRead(db: Database, logSourceId: string, objectKey: string, read: ObjectRead): Promise<UpsertedFinding[] | null> {
  return db.$transaction(async (tx) => {
    await tx.pendingObject.deleteMany({ where: { logSourceId, objectKey } });
    const { count } = await tx.ingestedObject.createMany({
      data: [{ logSourceId, objectKey, status: read.status, records: read.records, events: read.events, broken: read.broken, bytes: BigInt(read.bytes), detail: read.detail }],
      skipDuplicates: true,
    });
    if (count === 0) return null;
    const findings = await upsertFindings(tx, read.findings, read.suppressedIds);
    await countAccountEvents(tx, logSourceId, read.dropped.byAccount);
    await tx.$executeRaw`
      UPDATE log_sources SET
        "objectsProcessed" = "objectsProcessed" + 1,
        "eventsProcessed" = "eventsProcessed" + ${read.events},
        "bytesProcessed" = "bytesProcessed" + ${read.bytes},
        "brokenRecords" = "brokenRecords" + ${read.broken},
        "eventsDroppedOtherAccount" = "eventsDroppedOtherAccount" + ${read.dropped.other_account},
        "eventsDroppedOutsideOrganization" = "eventsDroppedOutsideOrganization" + ${read.dropped.outside_organization},
        -- The newest object processed; between objects that landed at the same moment, the greatest key,
        -- so the outcome does not depend on the order in which workers finished them.
        "lastObjectKey" = CASE
          WHEN "lastObjectAt" IS NULL OR "lastObjectAt" < ${read.lastModified} THEN ${objectKey}
          WHEN "lastObjectAt" = ${read.lastModified} THEN GREATEST("lastObjectKey", ${objectKey})
          ELSE "lastObjectKey" END,
        "lastObjectAt" = GREATEST("lastObjectAt", ${read.lastModified}),
        -- An object read to its end shows the location works and the last problem is behind us.
        status = 'OK'::"LogSourceStatus", "lastError" = NULL, "lastErrorAt" = NULL, "failingSince" = NULL
      WHERE id = ${logSourceId}::uuid`;
    return findings;
  }, TRANSACTION);
}

/** Adds an object's events of accounts outside the organisation to the source's per-account counts, in one statement. */
async function countAccountEvents(tx: Transaction, logSourceId: string, byAccount: ReadonlyMap<string, number>): Promise<void> {
  if (byAccount.size === 0) return;
  const accounts = [...byAccount.keys()];
  const events = accounts.map((accountId) => byAccount.get(accountId)!);
  await tx.$executeRaw`
    INSERT INTO log_source_account_events ("logSourceId", "accountId", events)
    SELECT ${logSourceId}::uuid, account, count FROM unnest(${accounts}::text[], ${events}::bigint[]) AS counted(account, count)
    ON CONFLICT ("logSourceId", "accountId") DO UPDATE SET
      events = log_source_account_events.events + EXCLUDED.events, "lastSeenAt" = now()`;
}

/** One transaction: the object's FAILED row and the source's error. False when the object was already recorded. */
export function recordObjectFailure(db: Database, logSourceId: string, failed: FailedObject): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.pendingObject.deleteMany({ where: { logSourceId, objectKey: failed.objectKey } });
    const { count } = await tx.ingestedObject.createMany({
      data: [{ logSourceId, objectKey: failed.objectKey, status: "FAILED", bytes: BigInt(failed.bytes), detail: failed.detail }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await tx.$executeRaw`
      UPDATE log_sources SET "objectsFailed" = "objectsFailed" + 1, "lastError" = ${failed.error}, "lastErrorAt" = now(),
        status = CASE WHEN ${failed.locationProblem} THEN 'ERROR'::"LogSourceStatus" ELSE status END,
        "failingSince" = CASE WHEN ${failed.locationProblem} THEN COALESCE("failingSince", now()) ELSE "failingSince" END
      WHERE id = ${logSourceId}::uuid`;
    return true;
  }, TRANSACTION);
}

export async function markSourceInError(db: Database, logSourceId: string, error: string): Promise<void> {
  await db.$executeRaw`
    UPDATE log_sources SET status = 'ERROR'::"LogSourceStatus", "lastError" = ${error}, "lastErrorAt" = now(), "failingSince" = COALESCE("failingSince", now()) WHERE id = ${logSourceId}::uuid`;
}

export async function saveListingCursor(db: Database, logSourceId: string, cursor: string): Promise<void> {
  await db.$executeRaw`UPDATE log_sources SET cursor = ${cursor}, status = 'OK'::"LogSourceStatus", "failingSince" = NULL WHERE id = ${logSourceId}::uuid`;
}
