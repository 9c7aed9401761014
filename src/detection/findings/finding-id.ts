import { createHash } from "node:crypto";

/**
 * GuardDuty finding ids are 32 hex characters, unique per finding type and its parameter set. A hash
 * of (detector, type, aggregation key) gives the same id to every occurrence of the same issue, in
 * any worker, without a lookup.
 */
export function findingId(detectorId: string, type: string, aggregationKey: string): string {
  return createHash("sha256").update(`${detectorId}\n${type}\n${aggregationKey}`).digest("hex").slice(0, 32);
}
