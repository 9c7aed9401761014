import { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../prisma.js";

export type FindingCount = { type: string; severity: string; count: number };

/** Deliveries of one destination kind in one state, with how long the sent ones took from queueing (by `le` bucket). */
export type DeliveryCount = { kind: string; status: string; count: number; seconds: number; buckets: number[] };

/** GuardDuty's severity bands, as the console and the formats name them. */
const SEVERITY_LABEL = Prisma.sql`CASE WHEN severity >= 9 THEN 'CRITICAL' WHEN severity >= 7 THEN 'HIGH' WHEN severity >= 4 THEN 'MEDIUM' ELSE 'LOW' END`;

/** Stored findings (suppressed ones left out) by type and severity band. */
export async function findingCounts(db: Database): Promise<FindingCount[]> {
  const rows = await db.$queryRaw<Array<{ type: string; severity: string; count: bigint }>>(Prisma.sql`
    SELECT type, ${SEVERITY_LABEL} AS severity, count(*) AS count FROM findings WHERE NOT suppressed GROUP BY 1, 2 ORDER BY 1, 2`);
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Outbox deliveries by destination kind and state, in one scan; latency buckets count sent ones only. */
export async function deliveryCounts(db: Database, bucketSeconds: readonly number[]): Promise<DeliveryCount[]> {
  const took = Prisma.sql`EXTRACT(EPOCH FROM fd."finishedAt" - fd."createdAt")`;
  const buckets = Prisma.join(bucketSeconds.map((le) => Prisma.sql`count(*) FILTER (WHERE fd.status = 'DELIVERED' AND ${took} <= ${le})`));
  const rows = await db.$queryRaw<Array<{ kind: string; status: string; count: bigint; seconds: number | null; buckets: bigint[] }>>(Prisma.sql`
    SELECT pd.type::text AS kind, fd.status::text AS status, count(*) AS count,
      sum(${took}) FILTER (WHERE fd.status = 'DELIVERED')::float8 AS seconds, ARRAY[${buckets}]::bigint[] AS buckets
    FROM finding_deliveries fd JOIN publishing_destinations pd ON pd.id = fd."destinationId"
    GROUP BY 1, 2 ORDER BY 1, 2`);
  return rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count), seconds: row.seconds ?? 0, buckets: row.buckets.map(Number) }));
}
