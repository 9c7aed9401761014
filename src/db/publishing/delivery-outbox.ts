import { Prisma } from "../../generated/prisma/client.js";
import { associatedStatusesSql } from "../memberships/associated.js";
import type { Database } from "../prisma.js";
import type { Transaction } from "../transaction.js";

/** A delivery a job holds: its id is the Idempotency-Key the receiver sees. */
export type ClaimedDelivery = { id: string; destinationId: string; findingId: string; findingVersion: Date; attempts: number };

/** One claim of due deliveries of one destination: what a publish job carries. */
export type DeliveryClaim = { destinationId: string; claim: string };

export type DeadDelivery = {
  id: string;
  destinationId: string;
  findingId: string;
  findingVersion: Date;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/**
 * Inside the transaction that wrote the findings: one pending delivery per new finding and live
 * destination of its detector or of its administrator's detector, in one statement. A finding
 * version already queued for a destination is not queued twice.
 */
export async function queueDeliveriesOfNewFindings(tx: Transaction, findingIds: readonly string[]): Promise<number> {
  if (findingIds.length === 0) return 0;
  return tx.$executeRaw(Prisma.sql`
    INSERT INTO finding_deliveries ("destinationId", "findingId", "findingVersion")
    SELECT pd.id, f.id, f."updatedAt" FROM findings f
    JOIN detectors d ON d.id = f."detectorId"
    LEFT JOIN memberships m ON m."memberId" = d."accountId" AND m."relationshipStatus" IN (${associatedStatusesSql()})
    LEFT JOIN detectors ad ON ad."accountId" = m."administratorId"
    JOIN publishing_destinations pd ON pd.status <> 'STOPPED' AND (pd."detectorId" = d.id OR pd."detectorId" = ad.id)
    WHERE f.id = ANY(${[...findingIds]}::varchar[])
    ON CONFLICT ("destinationId", "findingId", "findingVersion") DO NOTHING`);
}

/**
 * Claims due deliveries (pending, their retry time come, no live claim), at most `perJob` of one
 * destination per claim. SKIP LOCKED lets relays of several processes claim at once without
 * taking the same rows; a claim whose job Redis lost expires after `leaseMs` and is claimed again.
 */
export async function claimDueDeliveries(db: Database, options: { limit: number; perJob: number; leaseMs: number }): Promise<DeliveryClaim[]> {
  const rows = await db.$queryRaw<DeliveryClaim[]>(Prisma.sql`
    WITH locked AS (
      SELECT id, "destinationId", "createdAt" FROM finding_deliveries
      WHERE status = 'PENDING' AND "nextAttemptAt" <= now() AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
      ORDER BY "nextAttemptAt", id LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED),
    grouped AS (
      SELECT id, "destinationId", (row_number() OVER (PARTITION BY "destinationId" ORDER BY "createdAt", id) - 1) / ${options.perJob} AS chunk FROM locked),
    claims AS (SELECT "destinationId", chunk, gen_random_uuid() AS claim FROM grouped GROUP BY "destinationId", chunk)
    UPDATE finding_deliveries fd SET claim = c.claim, "claimedUntil" = now() + ${options.leaseMs} * interval '1 millisecond'
    FROM grouped g JOIN claims c ON c."destinationId" = g."destinationId" AND c.chunk = g.chunk
    WHERE fd.id = g.id
    RETURNING fd."destinationId", fd.claim::text AS claim`);
  const unique = new Map(rows.map((row) => [row.claim, row]));
  return [...unique.values()];
}

/**
 * The deliveries a job's claim still holds, oldest first, with the lease renewed. Nothing when the
 * claim expired and another relay claimed them again: that job sends them, this one must not.
 */
export function takeClaim(db: Database, claim: string, leaseMs: number): Promise<ClaimedDelivery[]> {
  return db.$queryRaw<ClaimedDelivery[]>(Prisma.sql`
    UPDATE finding_deliveries SET "claimedUntil" = now() + ${leaseMs} * interval '1 millisecond'
    WHERE claim = ${claim}::uuid AND status = 'PENDING'
    RETURNING id::text AS id, "destinationId", "findingId", "findingVersion", attempts`).then((rows) =>
    rows.sort((a, b) => a.findingVersion.getTime() - b.findingVersion.getTime() || (a.id < b.id ? -1 : 1)),
  );
}

/** Marks deliveries sent (or skipped) and renews the lease of what the claim still holds, in one statement. */
export async function finishDeliveries(db: Database, claim: string, ids: readonly string[], status: "DELIVERED" | "SKIPPED", leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRaw(Prisma.sql`
    WITH done AS (
      UPDATE finding_deliveries SET status = ${status}::"DeliveryStatus", "finishedAt" = now(), claim = NULL, "claimedUntil" = NULL, "lastError" = NULL
      WHERE claim = ${claim}::uuid AND id = ANY(${[...ids]}::uuid[]) RETURNING id)
    UPDATE finding_deliveries SET "claimedUntil" = now() + ${leaseMs} * interval '1 millisecond'
    WHERE claim = ${claim}::uuid AND status = 'PENDING' AND id NOT IN (SELECT id FROM done)`);
}

/**
 * A failed attempt of what the claim still holds: retried after `retryInMs`, or DEAD when `dead`.
 * The claim is released either way, so the relay (not Redis) decides when the retry goes.
 */
export async function failDeliveries(db: Database, claim: string, error: string, outcome: { dead: true } | { dead: false; retryInMs: number }): Promise<void> {
  const retryInMs = outcome.dead ? 0 : outcome.retryInMs;
  await db.$executeRaw(Prisma.sql`
    UPDATE finding_deliveries SET attempts = attempts + 1, "lastError" = ${error}, claim = NULL, "claimedUntil" = NULL,
      status = ${outcome.dead ? "DEAD" : "PENDING"}::"DeliveryStatus",
      "finishedAt" = CASE WHEN ${outcome.dead} THEN now() ELSE NULL END,
      "nextAttemptAt" = now() + ${retryInMs} * interval '1 millisecond'
    WHERE claim = ${claim}::uuid AND status = 'PENDING'`);
}

/** Deliveries waiting to go out (pending), for /metrics. */
export async function pendingDeliveryCount(db: Database): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ count: bigint }>>`SELECT count(*) AS count FROM finding_deliveries WHERE status = 'PENDING'`;
  return Number(row.count);
}

export type DeadDeliveryPage = { destinationIds: readonly string[]; after?: { at: Date; id: string }; limit: number };

/** Dead deliveries of the given destinations, oldest failure first, after the cursor. */
export function deadDeliveries(db: Database, page: DeadDeliveryPage): Promise<DeadDelivery[]> {
  const after = page.after ? Prisma.sql`AND ("finishedAt", id) > (${page.after.at}::timestamptz, ${page.after.id}::uuid)` : Prisma.empty;
  return db.$queryRaw<DeadDelivery[]>(Prisma.sql`
    SELECT id::text AS id, "destinationId", "findingId", "findingVersion", attempts, "lastError", "createdAt", "finishedAt"
    FROM finding_deliveries
    WHERE status = 'DEAD' AND "destinationId" = ANY(${[...page.destinationIds]}::varchar[]) ${after}
    ORDER BY "finishedAt", id LIMIT ${page.limit}`);
}

/**
 * Dead deliveries of the destinations put back to pending with a fresh set of attempts: all of
 * them, or those with the given ids. Returns the ids replayed.
 */
export async function replayDeadDeliveries(db: Transaction | Database, destinationIds: readonly string[], ids?: readonly string[]): Promise<string[]> {
  const only = ids ? Prisma.sql`AND id = ANY(${[...ids]}::uuid[])` : Prisma.empty;
  const rows = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    UPDATE finding_deliveries SET status = 'PENDING', attempts = 0, "nextAttemptAt" = now(), "finishedAt" = NULL, claim = NULL, "claimedUntil" = NULL
    WHERE status = 'DEAD' AND "destinationId" = ANY(${[...destinationIds]}::varchar[]) ${only}
    RETURNING id::text AS id`);
  return rows.map((row) => row.id);
}

/** Finished deliveries older than the cutoff go, a batch per statement; dead ones stay until replayed. */
export function purgeFinishedDeliveries(db: Database, before: Date, batchSize: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM finding_deliveries WHERE id IN (
      SELECT id FROM finding_deliveries WHERE status IN ('DELIVERED', 'SKIPPED') AND "finishedAt" < ${before} LIMIT ${batchSize})`;
}
