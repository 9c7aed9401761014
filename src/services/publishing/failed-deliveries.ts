import type { Database } from "../../db/prisma.js";
import { type DeadDelivery, deadDeliveries, replayDeadDeliveries } from "../../db/publishing/delivery-outbox.js";
import type { Actor, AccountActor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { NotFoundError } from "../errors.js";
import { GUARDDUTY_STYLE_ID } from "../ids.js";
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { authorizeDetector } from "../policies/detector.js";

export type FailedDelivery = DeadDelivery;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The dead letters of a detector's destinations: deliveries whose attempts ran out or that the
 * receiver refused for good. Listed, and replayed one at a time or all of a destination's at once
 * (each with a fresh set of attempts and its original Idempotency-Key); replays are audited.
 * Only the destination's own account sees or replays them, as it manages the destination.
 */
export class FailedDeliveryService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor | null, detectorId: string, destinationId: string | null, request: PageRequest): Promise<Page<FailedDelivery>> {
    const { destinationIds } = await this.scope(actor, detectorId, destinationId);
    const size = pageSize(request.first);
    const rows = await deadDeliveries(this.db, { destinationIds, after: decodeCursor(request.after), limit: size + 1 });
    return toPage(rows, size, (row) => ({ at: row.finishedAt ?? row.createdAt, id: row.id }));
  }

  /** Replays one dead delivery; NOT_FOUND when it is not a dead delivery of this detector's destinations. */
  async replay(actor: Actor | null, detectorId: string, deliveryId: string): Promise<void> {
    const { caller, destinationIds } = await this.scope(actor, detectorId, null);
    if (!UUID.test(deliveryId)) throw new NotFoundError(`Failed delivery ${deliveryId} not found.`);
    const replayed = await this.audit.change(caller, async (tx, record) => {
      const ids = await replayDeadDeliveries(tx, destinationIds, [deliveryId]);
      if (ids.length > 0) record({ accountId: caller.accountRowId, operation: "replayDelivery", targetType: "FindingDelivery", targetId: deliveryId });
      return ids;
    });
    if (replayed.length === 0) throw new NotFoundError(`Failed delivery ${deliveryId} not found.`);
  }

  /** Replays every dead delivery of one destination; returns how many. */
  async replayAll(actor: Actor | null, detectorId: string, destinationId: string): Promise<number> {
    const { caller, destinationIds } = await this.scope(actor, detectorId, destinationId);
    return this.audit.change(caller, async (tx, record) => {
      const ids = await replayDeadDeliveries(tx, destinationIds);
      if (ids.length > 0) record({ accountId: caller.accountRowId, operation: "replayFailedDeliveries", targetType: "PublishingDestination", targetId: destinationId, after: { deliveries: ids.length } });
      return ids.length;
    });
  }

  /** The caller's own detector's destinations, or the one named (NOT_FOUND when it is not one of them). */
  private async scope(actor: Actor | null, detectorId: string, destinationId: string | null): Promise<{ caller: AccountActor; destinationIds: string[] }> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    if (destinationId !== null && !GUARDDUTY_STYLE_ID.test(destinationId)) throw new NotFoundError(`Publishing destination ${destinationId} not found.`);
    const rows = await this.db.publishingDestination.findMany({ where: { detectorId, ...(destinationId !== null ? { id: destinationId } : {}) }, select: { id: true } });
    if (destinationId !== null && rows.length === 0) throw new NotFoundError(`Publishing destination ${destinationId} not found.`);
    return { caller, destinationIds: rows.map((row) => row.id) };
  }
}
