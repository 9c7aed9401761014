import type { Database } from "../prisma.js";

export type AccountEventsRow = { logSourceId: string; accountId: string; events: number };

/** The `perSource` accounts with most events of each of the sources, in one query (a source may name thousands). */
export async function topAccountEvents(db: Database, logSourceIds: readonly string[], perSource: number): Promise<AccountEventsRow[]> {
  if (logSourceIds.length === 0) return [];
  const rows = await db.$queryRaw<Array<{ logSourceId: string; accountId: string; events: bigint }>>`
    SELECT "logSourceId", "accountId", events FROM (
      SELECT "logSourceId", "accountId", events,
        row_number() OVER (PARTITION BY "logSourceId" ORDER BY events DESC, "accountId") AS rank
      FROM log_source_account_events WHERE "logSourceId" = ANY(${[...logSourceIds]}::uuid[])
    ) ranked WHERE rank <= ${perSource}`;
  return rows.map((row) => ({ logSourceId: row.logSourceId, accountId: row.accountId, events: Number(row.events) }));
}
