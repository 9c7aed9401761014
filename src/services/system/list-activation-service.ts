import type { ListSettings } from "../../config.js";
import type { Database } from "../../db/prisma.js";
import type { IntelList, IntelListStatus, Prisma } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { ListContentSource } from "../../ingest/lists/list-content-source.js";
import { loadListContent } from "../intel-lists/list-content.js";
import { encodeEntries } from "../intel-lists/stored-entries.js";
import type { SelfProtection } from "./self-protection/self-protection.js";

/** What a job did: the list's new status, or "stale" when the list had moved on (changed, deleted). */
export type TransitionOutcome = IntelListStatus | "DELETED" | "stale";

/**
 * The workers' half of a list's life: finishes ACTIVATING (fetch, parse, validate, store),
 * DEACTIVATING and DELETE_PENDING. Every write is conditional on the version the job was queued
 * for, so a repeated or outdated job changes nothing; each change is announced for the workers
 * to reload.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class ListActivationService {
  constructor(
    private readonly db: Database,
    private readonly settings: ListSettings,
    private readonly content: ListContentSource,
    private readonly pubSub: VigilPubSub,
    private readonly selfProtection?: SelfProtection,
  ) {}

  async activate(listId: string, version: number): Promise<TransitionOutcome> {
    const list = await this.db.intelList.findUnique({ where: { id: listId } });
    if (!isAt(list, "ACTIVATING", version)) return "stale";
    const maxEntries = list.kind === "TRUSTED" ? this.settings.maxTrustedEntries : this.settings.maxThreatEntries;
    const loaded = await loadListContent(this.content, list, this.settings, { maxBytes: this.settings.maxListBytes, maxEntries });
    const result = loaded.ok
      ? {
          status: "ACTIVE" as const,
          statusMessage: loaded.statusMessage,
          entries: encodeEntries(loaded.list.entries),
          entryCount: loaded.list.entries.length,
          rejectedCount: loaded.list.rejectedCount,
          entryKinds: Object.keys(loaded.list.kinds),
          contentSha256: loaded.sha256,
          activatedAt: new Date(),
        }
      : // Never half-active: a list that cannot be used as a whole holds nothing.
        { status: "ERROR" as const, statusMessage: loaded.statusMessage, entries: null, entryCount: 0, rejectedCount: 0, entryKinds: [], contentSha256: null };
    const outcome = await this.settle(list, result);
    // Reviewed once in force: what a trusted list vouches for is only known from its content.
    if (outcome === "ACTIVE" && loaded.ok && list.kind === "TRUSTED") await this.selfProtection?.reviewTrustedList(list, loaded.list.entries);
    return outcome;
  }

  async deactivate(listId: string, version: number): Promise<TransitionOutcome> {
    const list = await this.db.intelList.findUnique({ where: { id: listId } });
    if (!isAt(list, "DEACTIVATING", version)) return "stale";
    return this.settle(list, { status: "INACTIVE" });
  }

  async remove(listId: string, version: number): Promise<TransitionOutcome> {
    const removed = await this.db.intelList.deleteMany({ where: { id: listId, status: "DELETE_PENDING", updatedAt: new Date(version) } });
    if (removed.count === 0) return "stale";
    this.pubSub.publish("LISTS_CHANGED", { source: "LIST", id: listId, status: "DELETED" });
    return "DELETED";
  }

  private async settle(list: IntelList, data: Prisma.IntelListUpdateManyMutationInput & { status: IntelListStatus }): Promise<TransitionOutcome> {
    const written = await this.db.intelList.updateMany({ where: { id: list.id, status: list.status, updatedAt: list.updatedAt }, data });
    if (written.count === 0) return "stale";
    this.pubSub.publish("LISTS_CHANGED", { source: "LIST", id: list.id, status: data.status });
    return data.status;
  }
}

function isAt(list: IntelList | null, status: IntelListStatus, version: number): list is IntelList {
  return list !== null && list.status === status && list.updatedAt.getTime() === version;
}
