import type { Database } from "../../db/prisma.js";
import type { Transaction } from "../../db/transaction.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { AccountActor, Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { type Tag, MAX_TAGS, validateTagKey, validateTags } from "../detectors/tags.js";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors.js";
import { authorizeDetector } from "../policies/detector.js";
import { parseResourceArn, type ResourceArn } from "./resource-arn.js";

type Tags = Record<string, string>;

/** One taggable row: how to read its tags and write new ones, inside the detector the ARN names. */
type Tagged = { id: string; tags: Tags; write(tx: Transaction, tags: Tags): Promise<unknown> };

const json = (tags: Tags) => tags as Prisma.InputJsonValue;

/**
 * GuardDuty's TagResource / UntagResource / ListTagsForResource over every taggable resource of an
 * account's own detector (the detector, its filters, lists, destinations and log sources), named by ARN.
 * Tags are the owner's: a member's administrator cannot tag the member's resources, nor the reverse.
 */
export class TagService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor | null, arn: string): Promise<Tags> {
    return (await this.resolve(actor, parseResourceArn(arn))).resource.tags;
  }

  /** Adds the tags, replacing the values of keys already there; at most 50 per resource in all. */
  async tag(actor: Actor | null, arn: string, tags: readonly Tag[]): Promise<void> {
    if (tags.length === 0) throw new InvalidInputError("tags must name at least one tag.");
    const added = validateTags(tags);
    const { caller, resource, parsed } = await this.resolve(actor, parseResourceArn(arn));
    const after = { ...resource.tags, ...added };
    if (Object.keys(after).length > MAX_TAGS) throw new InvalidInputError(`At most ${MAX_TAGS} tags per resource; this one would have ${Object.keys(after).length}.`);
    await this.write(caller, "tagResource", parsed, resource, after);
  }

  /** Removes the keys (keys it does not have are ignored, as in GuardDuty). */
  async untag(actor: Actor | null, arn: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) throw new InvalidInputError("tagKeys must name at least one key.");
    keys.forEach(validateTagKey);
    const { caller, resource, parsed } = await this.resolve(actor, parseResourceArn(arn));
    const after = Object.fromEntries(Object.entries(resource.tags).filter(([key]) => !keys.includes(key)));
    await this.write(caller, "untagResource", parsed, resource, after);
  }

  private async write(caller: AccountActor, operation: string, parsed: ResourceArn, resource: Tagged, after: Tags): Promise<void> {
    await this.audit.change(caller, async (tx, record) => {
      await resource.write(tx, after);
      record({ accountId: caller.accountRowId, operation, targetType: parsed.type, targetId: resource.id, before: { tags: json(resource.tags) }, after: { tags: json(after) } });
    });
  }

  private async resolve(actor: Actor | null, parsed: ResourceArn) {
    const { caller, detector } = await authorizeDetector(this.db, actor, "use", parsed.detectorId);
    // The detector must be the caller's own, under the account the ARN names.
    if (detector.accountId !== caller.accountRowId || parsed.accountId !== caller.accountId) throw new ForbiddenError("Only the resource's own account tags it.");
    const resource = await this.find(parsed);
    if (!resource) throw new NotFoundError(`No ${parsed.type} ${parsed.id} in detector ${parsed.detectorId}.`);
    return { caller, resource, parsed };
  }

  private async find({ detectorId, type, id }: ResourceArn): Promise<Tagged | null> {
    const tagged = (row: { id: string; tags: unknown } | null, write: (tx: Transaction, rowId: string, tags: Tags) => Promise<unknown>): Tagged | null =>
      row ? { id: row.id, tags: row.tags as Tags, write: (tx, tags) => write(tx, row.id, tags) } : null;
    switch (type) {
      case "detector":
        return tagged(await this.db.detector.findUnique({ where: { id: detectorId }, select: { id: true, tags: true } }), (tx, rowId, tags) => tx.detector.update({ where: { id: rowId }, data: { tags: json(tags) } }));
      case "filter":
        return tagged(await this.db.filter.findFirst({ where: { detectorId, name: id }, select: { id: true, tags: true } }), (tx, rowId, tags) => tx.filter.update({ where: { id: rowId }, data: { tags: json(tags) } }));
      case "ipset":
      case "threatintelset":
      case "trustedentityset":
      case "threatentityset": {
        const family = { ipset: ["TRUSTED", "IP_SET"], threatintelset: ["THREAT", "IP_SET"], trustedentityset: ["TRUSTED", "ENTITY_SET"], threatentityset: ["THREAT", "ENTITY_SET"] } as const;
        const [kind, setType] = family[type];
        return tagged(await this.db.intelList.findFirst({ where: { id, detectorId, kind, setType }, select: { id: true, tags: true } }), (tx, rowId, tags) => tx.intelList.update({ where: { id: rowId }, data: { tags: json(tags) } }));
      }
      case "publishingDestination":
        return tagged(await this.db.publishingDestination.findFirst({ where: { id, detectorId }, select: { id: true, tags: true } }), (tx, rowId, tags) => tx.publishingDestination.update({ where: { id: rowId }, data: { tags: json(tags) } }));
      case "logsource":
        if (!isUuid(id)) return null;
        return tagged(await this.db.logSource.findFirst({ where: { id, detectorId }, select: { id: true, tags: true } }), (tx, rowId, tags) => tx.logSource.update({ where: { id: rowId }, data: { tags: json(tags) } }));
    }
  }
}

function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
