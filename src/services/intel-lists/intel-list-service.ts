import { createHash } from "node:crypto";
import type { ListSettings } from "../../config.js";
import { lockDetector } from "../../db/detectors/detector-lock.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Database } from "../../db/prisma.js";
import type { IntelList, IntelListFormat, IntelListStatus } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { AccountActor, Actor } from "../actor.js";
import type { AuditLog } from "../audit/audit-log.js";
import { type Tag, validateTags } from "../detectors/tags.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { GUARDDUTY_STYLE_ID, newGuardDutyStyleId } from "../ids.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { authorizeDetector } from "../policies/detector.js";
import { currentAdministratorship } from "../policies/relationships.js";
import type { ListJobs } from "../../queues/list-jobs.js";
import { INLINE_LOCATION, parseListLocation } from "./list-location.js";
import { familyWhere, JOB_FOR_STATUS, type ListFamily, LIST_VOCABULARY, TRANSITIONAL, TRUSTED_ENTITY_SETS_PER_ACCOUNT } from "./list-vocabulary.js";

/** A trusted IP list or threat list as this service hands it out. */
export type StoredIntelList = IntelList;

export type CreateListCommand = {
  name: string;
  format: IntelListFormat;
  location?: string | null;
  /** The list itself, instead of a location. */
  content?: string | null;
  activate: boolean;
  tags?: Tag[] | null;
};

export type UpdateListCommand = {
  name?: string | null;
  location?: string | null;
  content?: string | null;
  activate?: boolean | null;
};

const MAX_NAME_LENGTH = 300; // GuardDuty's limit

type Source = { location: string; inlineContent: string | null };

function validateName(name: string): string {
  if (name.trim() === "" || name.length > MAX_NAME_LENGTH) throw new InvalidInputError(`name must be 1 to ${MAX_NAME_LENGTH} characters.`);
  return name;
}

/** What the audit log keeps of a list: its configuration, with inline content as a hash. */
function listSnapshot(list: IntelList) {
  return {
    name: list.name,
    format: list.format,
    location: list.location,
    inlineContentSha256: list.inlineContent === null ? null : createHash("sha256").update(list.inlineContent).digest("hex"),
    activate: list.activate,
    status: list.status,
    tags: list.tags as Record<string, string>,
  };
}

/**
 * Trusted lists (GuardDuty's IPSet) and threat lists (ThreatIntelSet) of an account. Only a
 * standalone account or an administrator manages them; they apply to all its members, which may
 * read them. Activation and deactivation are finished by the `lists` workers.
 */
export class IntelListService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly settings: ListSettings,
    private readonly pubSub: VigilPubSub,
    private readonly jobs: ListJobs | undefined,
  ) {}

  async create(actor: Actor | null, family: ListFamily, detectorId: string, command: CreateListCommand): Promise<StoredIntelList> {
    const caller = await this.manager(actor, detectorId);
    const name = validateName(command.name);
    const tags = validateTags(command.tags);
    const source = this.source(command.location, command.content);
    const words = LIST_VOCABULARY[family];
    const { kind, setType } = familyWhere(family);
    const created = await this.uniquely(() =>
      this.audit.change(caller, async (tx, record) => {
        await lockDetector(tx, detectorId);
        const existing = await tx.intelList.count({ where: { detectorId, kind, setType, status: { not: "DELETE_PENDING" } } });
        const limit = this.limitOf(family);
        if (existing >= limit) {
          throw new ConflictError(`An account has at most ${limit} ${words.label}(s); delete one first (the limit is set by ${words.limitSetting}).`);
        }
        const list = await tx.intelList.create({
          data: {
            id: newGuardDutyStyleId(),
            detectorId,
            kind,
            setType,
            name,
            format: command.format,
            ...source,
            activate: command.activate,
            status: command.activate ? "ACTIVATING" : "INACTIVE",
            entryKinds: [],
            tags,
          },
        });
        record({
          accountId: caller.accountRowId,
          operation: words.create,
          targetType: words.noun,
          targetId: list.id,
          after: listSnapshot(list),
          // An attacker adds their address to a trusted list to blind detection.
          securityRelevant: kind === "TRUSTED",
        });
        return list;
      }),
    );
    await this.dispatch(created);
    return created;
  }

  /** A list in force for the caller: its own, or its administrator's when it is a member. */
  async get(actor: Actor | null, family: ListFamily, detectorId: string, listId: string): Promise<StoredIntelList> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const ownerDetectorId = await this.governingDetectorId(caller, detectorId);
    const list = GUARDDUTY_STYLE_ID.test(listId) && ownerDetectorId ? await this.db.intelList.findFirst({ where: { id: listId, ...familyWhere(family), detectorId: ownerDetectorId } }) : null;
    if (!list) throw new NotFoundError(`${LIST_VOCABULARY[family].noun} ${listId} not found.`);
    return list;
  }

  /** The lists in force for the caller (a member gets its administrator's, as GuardDuty does), oldest first. */
  async list(actor: Actor | null, family: ListFamily, detectorId: string, request: PageRequest): Promise<Page<StoredIntelList>> {
    const { caller } = await authorizeDetector(this.db, actor, "use", detectorId);
    const size = pageSize(request.first);
    const ownerDetectorId = await this.governingDetectorId(caller, detectorId);
    if (!ownerDetectorId) return { items: [], nextCursor: null };
    const keyset = keysetQuery("createdAt", request.after);
    const rows = await this.db.intelList.findMany({ where: { AND: [{ detectorId: ownerDetectorId, ...familyWhere(family) }, keyset.where] }, orderBy: keyset.orderBy, take: size + 1 });
    return toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
  }

  /**
   * Renames, points at new content, activates or deactivates. Activating again (activate: true) re-reads
   * the content, as GuardDuty requires after the file changed; new content re-activates an active list.
   */
  async update(actor: Actor | null, family: ListFamily, detectorId: string, listId: string, command: UpdateListCommand): Promise<StoredIntelList> {
    const caller = await this.manager(actor, detectorId);
    const before = await this.ownList(family, detectorId, listId);
    const name = command.name === null || command.name === undefined ? before.name : validateName(command.name);
    const sourceGiven = (command.location !== null && command.location !== undefined) || (command.content !== null && command.content !== undefined);
    const source = sourceGiven ? this.source(command.location, command.content) : { location: before.location, inlineContent: before.inlineContent };
    const sourceChanged = source.location !== before.location || source.inlineContent !== before.inlineContent;
    const activate = command.activate ?? before.activate;
    const status = nextStatus(before, command.activate, activate, sourceChanged);
    const words = LIST_VOCABULARY[family];

    const after = await this.uniquely(() =>
      this.audit.change(caller, async (tx, record) => {
        const changed = await tx.intelList.updateMany({
          where: { id: before.id, updatedAt: before.updatedAt },
          data: { name, ...source, activate, status, statusMessage: status === before.status ? undefined : null },
        });
        if (changed.count === 0) throw new ConflictError(`The ${words.label} changed while this request ran; read it again and retry.`);
        const list = await tx.intelList.findUniqueOrThrow({ where: { id: before.id } });
        record({
          accountId: caller.accountRowId,
          operation: words.update,
          targetType: words.noun,
          targetId: list.id,
          before: listSnapshot(before),
          after: listSnapshot(list),
          securityRelevant: before.kind === "TRUSTED" || status === "DEACTIVATING",
        });
        return list;
      }),
    );
    await this.dispatch(after);
    // The name shows in findings, so workers pick a rename up at once.
    if (after.status === "ACTIVE" && after.name !== before.name) this.pubSub.publish("LISTS_CHANGED", { source: "LIST", id: after.id, status: after.status });
    return after;
  }

  /** Marks the list DELETE_PENDING; a worker removes it and the workers stop using it. */
  async delete(actor: Actor | null, family: ListFamily, detectorId: string, listId: string): Promise<void> {
    const caller = await this.manager(actor, detectorId);
    const before = await this.ownList(family, detectorId, listId);
    const words = LIST_VOCABULARY[family];
    const pending = await this.audit.change(caller, async (tx, record) => {
      const changed = await tx.intelList.updateMany({ where: { id: before.id, updatedAt: before.updatedAt }, data: { status: "DELETE_PENDING", statusMessage: null } });
      if (changed.count === 0) throw new ConflictError(`The ${words.label} changed while this request ran; read it again and retry.`);
      const list = await tx.intelList.findUniqueOrThrow({ where: { id: before.id } });
      record({ accountId: caller.accountRowId, operation: words.delete, targetType: words.noun, targetId: list.id, before: listSnapshot(before), securityRelevant: true });
      return list;
    });
    await this.dispatch(pending);
  }

  private limitOf(family: ListFamily): number {
    if (family === "TRUSTED_ENTITY") return TRUSTED_ENTITY_SETS_PER_ACCOUNT;
    return LIST_VOCABULARY[family].kind === "TRUSTED" ? this.settings.maxTrustedLists : this.settings.maxThreatLists;
  }

  /** The caller, when it may manage lists: its own detector, and not a member of an administrator. */
  private async manager(actor: Actor | null, detectorId: string): Promise<AccountActor> {
    const { caller } = await authorizeDetector(this.db, actor, "manageLists", detectorId);
    return caller;
  }

  /** The detector whose lists are in force for the caller (its own, authorized): its administrator's while it is a member. */
  private async governingDetectorId(caller: AccountActor, detectorId: string): Promise<string | null> {
    const membership = await currentAdministratorship(this.db, caller.accountRowId);
    if (!membership) return detectorId;
    const administratorDetector = await this.db.detector.findUnique({ where: { accountId: membership.administratorId }, select: { id: true } });
    return administratorDetector?.id ?? null;
  }

  /** One of the caller's own lists, in a status that allows a change. */
  private async ownList(family: ListFamily, detectorId: string, listId: string): Promise<StoredIntelList> {
    const words = LIST_VOCABULARY[family];
    const list = GUARDDUTY_STYLE_ID.test(listId) ? await this.db.intelList.findFirst({ where: { id: listId, ...familyWhere(family), detectorId } }) : null;
    if (!list) throw new NotFoundError(`${words.noun} ${listId} not found.`);
    if (TRANSITIONAL.includes(list.status)) {
      throw new ConflictError(`The ${words.label} is ${list.status}: no action is allowed until the workers finish (usually within seconds).`);
    }
    return list;
  }

  private source(location: string | null | undefined, content: string | null | undefined): Source {
    if (content !== null && content !== undefined) {
      if (location && location !== INLINE_LOCATION) throw new InvalidInputError("Give either a location or the content, not both.");
      if (Buffer.byteLength(content) > this.settings.maxListBytes) {
        throw new InvalidInputError(`content is larger than the ${this.settings.maxListBytes}-byte limit (VIGIL_MAX_LIST_BYTES).`);
      }
      return { location: INLINE_LOCATION, inlineContent: content };
    }
    if (!location || location === INLINE_LOCATION) throw new InvalidInputError("A location (https://…, s3://bucket/key or file:///path) or the content is required.");
    parseListLocation(location, this.settings);
    return { location, inlineContent: null };
  }

  private async uniquely<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError("A list of this kind with this name already exists.");
      throw error;
    }
  }

  private async dispatch(list: IntelList): Promise<void> {
    const name = JOB_FOR_STATUS[list.status];
    if (name && this.jobs) await this.jobs.enqueue({ name, listId: list.id, version: list.updatedAt.getTime() });
  }
}

/**
 * GuardDuty's transitions on update: activate:true (re)activates; new content re-activates a list
 * meant to be active; activate:false deactivates an active list and settles any other as INACTIVE.
 */
function nextStatus(before: IntelList, requested: boolean | null | undefined, activate: boolean, sourceChanged: boolean): IntelListStatus {
  if (requested === true || (activate && sourceChanged)) return "ACTIVATING";
  if (requested === false) return before.status === "ACTIVE" ? "DEACTIVATING" : "INACTIVE";
  return before.status;
}
