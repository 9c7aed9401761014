import { instancePage, type InstanceRow } from "../../db/inventory/ec2-inventory.js";
import type { Database } from "../../db/prisma.js";
import type { Actor } from "../actor.js";
import { InvalidInputError } from "../errors.js";
import { pageSize, type Page, type PageRequest } from "../pagination.js";
import { authorizeDetectorRead } from "../policies/detector.js";

export type StoredInstance = InstanceRow;

/**
 * The EC2 inventory a detector keeps from CloudTrail, read-only: its instances described as GuardDuty's
 * instanceDetails, by instance id. Readable where the detector is (an administrator reads its members').
 * The cursor is the last instance id of the page: instances are never renamed, so pages never shift.
 */
export class InstanceService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor | null, detectorId: string, request: PageRequest & { accountId?: string | null }): Promise<Page<StoredInstance>> {
    const { detector } = await authorizeDetectorRead(this.db, actor, detectorId);
    if (request.accountId && !/^\d{12}$/.test(request.accountId)) throw new InvalidInputError(`accountId must be a 12-digit AWS account id, not ${JSON.stringify(request.accountId)}.`);
    const size = pageSize(request.first);
    const rows = await instancePage(this.db, detector.id, { accountId: request.accountId ?? undefined, afterInstanceId: request.after ?? undefined, take: size + 1 });
    const items = rows.slice(0, size);
    return { items, nextCursor: rows.length > size ? items[items.length - 1].instanceId : null };
  }
}
