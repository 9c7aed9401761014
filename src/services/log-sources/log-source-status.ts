import type { LogSource } from "../../generated/prisma/client.js";
import { parseListingState } from "../../ingest/locations/listing-state.js";

export type LogSourceStatusView = {
  state: LogSource["status"];
  lastError: string | null;
  lastErrorAt: Date | null;
  objectsProcessed: number;
  eventsProcessed: number;
  bytesProcessed: number;
  brokenRecords: number;
  objectsFailed: number;
  /** Events not analysed because they name another account than the owner, in a source that is not an organisation source. */
  eventsDroppedOtherAccount: number;
  /** Events of an organisation source not analysed because their account is outside the owner's organisation. */
  eventsDroppedOutsideOrganization: number;
  lastObjectKey: string | null;
  lastObjectAt: Date | null;
  newestObjectKey: string | null;
  newestObjectAt: Date | null;
  /** How far the processed objects trail the newest listed one, in seconds; null before both are known. */
  lagSeconds: number | null;
};

export function logSourceStatus(source: LogSource): LogSourceStatusView {
  const { newest } = parseListingState(source.cursor);
  const newestAt = newest ? new Date(newest.at) : null;
  const lagMs = newestAt && source.lastObjectAt ? Math.max(0, newestAt.getTime() - source.lastObjectAt.getTime()) : null;
  return {
    state: source.status,
    lastError: source.lastError,
    lastErrorAt: source.lastErrorAt,
    objectsProcessed: Number(source.objectsProcessed),
    eventsProcessed: Number(source.eventsProcessed),
    bytesProcessed: Number(source.bytesProcessed),
    brokenRecords: Number(source.brokenRecords),
    objectsFailed: Number(source.objectsFailed),
    eventsDroppedOtherAccount: Number(source.eventsDroppedOtherAccount),
    eventsDroppedOutsideOrganization: Number(source.eventsDroppedOutsideOrganization),
    lastObjectKey: source.lastObjectKey,
    lastObjectAt: source.lastObjectAt,
    newestObjectKey: newest?.key ?? null,
    newestObjectAt: newestAt,
    lagSeconds: lagMs === null ? null : Math.round(lagMs / 1000),
  };
}
