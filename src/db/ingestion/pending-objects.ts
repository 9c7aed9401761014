import { type Database, poolOf } from "../prisma.js";

/** An object queued and not yet recorded, as the reconciler sees it (never with its body). */
export type PendingObjectRow = { logSourceId: string; objectKey: string; size: number; lastModified: Date };

export type ObjectToQueue = { key: string; size: number; lastModified: Date; body?: Buffer };

/**
 * Written before the Redis job is added, so a job Redis loses still has its row here. Existing rows are
 * kept. An object recorded meanwhile (a listing racing the end of the object's job) keeps no row.
 */
export async function recordPendingObjects(db: Database, logSourceId: string, objects: readonly ObjectToQueue[]): Promise<void> {
  if (objects.length === 0) return;
  await db.pendingObject.createMany({
    data: objects.map((object) => ({
      logSourceId,
      objectKey: object.key,
      size: BigInt(object.size),
      lastModified: object.lastModified,
      body: object.body ? new Uint8Array(object.body) : null,
    })),
    skipDuplicates: true,
  });
  const keys = objects.map((object) => object.key);
  await db.$executeRaw`
    DELETE FROM pending_objects p USING ingested_objects i
    WHERE p."logSourceId" = ${logSourceId}::uuid AND p."objectKey" = ANY(${keys}::text[])
      AND i."logSourceId" = p."logSourceId" AND i."objectKey" = p."objectKey"`;
}

/**
 * One received body (a push, a Firehose or EventBridge delivery), in one statement: the request waits on it.
 * A retry finds its row, or its object recorded, and adds nothing.
 */
export async function recordReceivedBody(db: Database, logSourceId: string, object: ObjectToQueue & { body: Buffer }): Promise<void> {
  await poolOf(db).query(
    `INSERT INTO pending_objects ("logSourceId", "objectKey", "size", "lastModified", "body")
     SELECT $1::uuid, $2::text, $3::bigint, $4::timestamptz, $5::bytea
     WHERE NOT EXISTS (SELECT 1 FROM ingested_objects WHERE "logSourceId" = $1::uuid AND "objectKey" = $2)
     ON CONFLICT DO NOTHING`,
    [logSourceId, object.key, object.size, object.lastModified, object.body],
  );
}

/** On the client's own pg pool, as the body was written: Prisma would carry it through base64 and back. */
export async function pendingBody(db: Database, logSourceId: string, objectKey: string): Promise<Buffer | null> {
  const { rows } = await poolOf(db).query<{ body: Buffer | null }>(
    `SELECT "body" FROM pending_objects WHERE "logSourceId" = $1::uuid AND "objectKey" = $2::text`,
    [logSourceId, objectKey],
  );
  return rows[0]?.body ?? null;
}

/** One page of pending objects in key order, after `after` (the last row of the previous page). */
export async function pendingObjectsPage(db: Database, after: PendingObjectRow | undefined, take: number): Promise<PendingObjectRow[]> {
  const rows = await db.pendingObject.findMany({
    where: after
      ? { OR: [{ logSourceId: { gt: after.logSourceId } }, { logSourceId: after.logSourceId, objectKey: { gt: after.objectKey } }] }
      : {},
    select: { logSourceId: true, objectKey: true, size: true, lastModified: true },
    orderBy: [{ logSourceId: "asc" }, { objectKey: "asc" }],
    take,
  });
  return rows.map((row) => ({ ...row, size: Number(row.size) }));
}

/**
 * A poll that listed an object just as another run recorded it leaves a pending row behind; recorded
 * objects are never queued again, so their rows go.
 */
export async function forgetRecordedPendingObjects(db: Database): Promise<void> {
  await db.$executeRaw`
    DELETE FROM pending_objects p USING ingested_objects i
    WHERE i."logSourceId" = p."logSourceId" AND i."objectKey" = p."objectKey"`;
}
