import { Prisma } from "../../generated/prisma/client.js";
import { visibleDetectorIdsSql } from "../findings/finding-visibility.js";
import type { Database } from "../prisma.js";

/** What one log source processed since a time: the rows usage statistics add up. */
export type SourceUsageRow = { logSourceId: string; name: string; kind: string; accountId: string; objects: number; events: number; bytes: number };

/** Per source of every detector the account sees (its own; an administrator's members'), objects processed since `since`. */
export function sourceUsageSince(db: Database, accountRowId: string, since: Date): Promise<SourceUsageRow[]> {
  return db.$queryRaw<SourceUsageRow[]>(Prisma.sql`
    SELECT s.id AS "logSourceId", s.name, s.kind::text AS kind, a."accountId",
      count(o."objectKey")::int AS objects, COALESCE(sum(o.events), 0)::float8 AS events, COALESCE(sum(o.bytes), 0)::float8 AS bytes
    FROM log_sources s
    JOIN detectors d ON d.id = s."detectorId"
    JOIN accounts a ON a.id = d."accountId"
    LEFT JOIN ingested_objects o ON o."logSourceId" = s.id AND o."processedAt" >= ${since}
    WHERE s."detectorId" IN (${visibleDetectorIdsSql(accountRowId)})
    GROUP BY s.id, s.name, s.kind, a."accountId"`);
}
