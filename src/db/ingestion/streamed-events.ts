import type { Database } from "../prisma.js";

/**
 * Claims CloudTrail eventIDs for one streamed delivery and returns those another delivery claimed first.
 * The ids new to the source are recorded under `objectKey`; for the others the row says which delivery owns
 * them, so a retry of the same delivery (same key) keeps its events and a later one drops them. DO UPDATE
 * rather than DO NOTHING: it returns the existing row, locked and current, so two deliveries racing on one
 * id agree on its owner.
 */
export async function eventIdsClaimedElsewhere(db: Database, logSourceId: string, objectKey: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db.$queryRaw<Array<{ eventId: string; objectKey: string }>>`
    INSERT INTO streamed_events ("logSourceId", "eventId", "objectKey")
    SELECT ${logSourceId}::uuid, id, ${objectKey} FROM unnest(${eventIds}::text[]) AS id
    ON CONFLICT ("logSourceId", "eventId") DO UPDATE SET "eventId" = EXCLUDED."eventId"
    RETURNING "eventId", "objectKey"`;
  return new Set(rows.filter((row) => row.objectKey !== objectKey).map((row) => row.eventId));
}

/** System task: the claims are needed while a delivery may still be repeated, a day at most. */
export async function purgeStreamedEventsBefore(db: Database, cutoff: Date): Promise<number> {
  const { count } = await db.streamedEvent.deleteMany({ where: { receivedAt: { lt: cutoff } } });
  return count;
}
