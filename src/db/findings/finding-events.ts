import { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../prisma.js";
import type { Transaction } from "../transaction.js";

export type FindingEventKind = "CREATED" | "UPDATED";

/** One committed change of one finding, in the order of the log. */
export type FindingEvent = { id: number; findingId: string; detectorId: string; kind: FindingEventKind; createdAt: Date };

/** Where a reader starts: the last id handed out, and the recent ids not committed yet (their transactions may still be running). */
export type FindingEventStart = { position: number; uncommitted: number[] };

/** The channel the log's trigger NOTIFYs when a transaction that wrote to it commits. */
export const FINDING_EVENTS_CHANNEL = "vigil_finding_events";

/** Inside the transaction that wrote the findings: one event per finding, in one statement. */
export async function recordFindingEvents(tx: Transaction, events: ReadonlyArray<{ findingId: string; detectorId: string; kind: FindingEventKind }>): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO finding_events ("findingId", "detectorId", kind)
    SELECT * FROM unnest(${events.map((e) => e.findingId)}::varchar[], ${events.map((e) => e.detectorId)}::varchar[], ${events.map((e) => e.kind)}::"FindingEventKind"[])`);
}

/**
 * An UPDATE of findings (returning id, "detectorId", "accountId") that logs an UPDATED event per row it
 * changed in the same statement, so even a write outside a transaction cannot change a finding unlogged.
 */
export function loggingUpdates(update: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH changed AS (${update}),
    logged AS (INSERT INTO finding_events ("findingId", "detectorId", kind) SELECT id, "detectorId", 'UPDATED' FROM changed)
    SELECT * FROM changed`;
}

/**
 * The sequence's last id is the reader's start: everything after it is news. Of the `window` ids before
 * it, those not visible belong to transactions still running (or rolled back): the reader waits for them.
 */
export async function findingEventStart(db: Database, window: number): Promise<FindingEventStart> {
  const [row] = await db.$queryRaw<Array<{ position: bigint; uncommitted: bigint[] }>>(Prisma.sql`
    WITH last AS (SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS position FROM finding_events_id_seq)
    SELECT last.position, ARRAY(
      SELECT candidate FROM generate_series(GREATEST(last.position - ${window} + 1, 1), last.position) AS candidate
      WHERE NOT EXISTS (SELECT 1 FROM finding_events e WHERE e.id = candidate)) AS uncommitted
    FROM last`);
  return { position: Number(row.position), uncommitted: row.uncommitted.map(Number) };
}

/** Events after the position, and those among the awaited ids that have committed since, in log order. */
export async function findingEventsAfter(db: Database, position: number, awaited: readonly number[], limit: number): Promise<FindingEvent[]> {
  const rows = await db.$queryRaw<Array<Omit<FindingEvent, "id"> & { id: bigint }>>(Prisma.sql`
    SELECT id, "findingId", "detectorId", kind::text AS kind, "createdAt" FROM finding_events
    WHERE id > ${position}::bigint OR id = ANY(${[...awaited]}::bigint[])
    ORDER BY id LIMIT ${limit}`);
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** How far a reader at the position is behind the log: events after it, and when the oldest was written. */
export async function findingEventBacklog(db: Database, position: number): Promise<{ events: number; oldest: Date | null }> {
  const [row] = await db.$queryRaw<Array<{ events: bigint; oldest: Date | null }>>(Prisma.sql`
    SELECT count(*) AS events, min("createdAt") AS oldest FROM finding_events WHERE id > ${position}::bigint`);
  return { events: Number(row.events), oldest: row.oldest };
}

/** Deletes events written before the cutoff, a batch per statement; returns how many went. */
export async function pruneFindingEventsBefore(db: Database, cutoff: Date, batchSize = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw(Prisma.sql`
      DELETE FROM finding_events WHERE id IN (SELECT id FROM finding_events WHERE "createdAt" < ${cutoff} ORDER BY id LIMIT ${batchSize})`);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
