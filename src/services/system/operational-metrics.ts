import { type DeliveryCount, deliveryCounts, type FindingCount, findingCounts } from "../../db/health/operational-counts.js";
import type { Database } from "../../db/prisma.js";

export type { DeliveryCount, FindingCount };

/** Upper bounds (seconds) of the delivery latency buckets: from queued with the finding to sent. */
export const DELIVERY_LATENCY_BUCKETS = [0.5, 1, 5, 15, 60, 300, 1_800, 3_600, 21_600] as const;

/**
 * What /metrics reports about findings and deliveries, read from PostgreSQL at scrape time so any
 * API process reports what every worker did. A system service (see ./README.md): no caller.
 */
export class OperationalMetrics {
  constructor(private readonly db: Database) {}

  findings(): Promise<FindingCount[]> {
    return findingCounts(this.db);
  }

  deliveries(): Promise<DeliveryCount[]> {
    return deliveryCounts(this.db, DELIVERY_LATENCY_BUCKETS);
  }
}
