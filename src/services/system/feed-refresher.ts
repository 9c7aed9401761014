import type { ListSettings } from "../../config.js";
import type { Database } from "../../db/prisma.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import type { ListContentSource } from "../../ingest/lists/list-content-source.js";
import { loadListContent } from "../intel-lists/list-content.js";
import { encodeEntries } from "../intel-lists/stored-entries.js";

export type RefreshOutcome = "loaded" | "unchanged" | "kept" | "failed" | "stale";

/**
 * The workers' side of a managed feed: fetch, parse, store. A feed that fails to refresh keeps the
 * content of its last good load (a feed server being down must not switch detection off); one that
 * never loaded goes to ERROR.
 *
 * A system service (see ./README.md): it acts for no caller, so it takes no Actor.
 */
export class FeedRefresher {
  constructor(
    private readonly db: Database,
    private readonly settings: ListSettings,
    private readonly content: ListContentSource,
    private readonly pubSub: VigilPubSub,
  ) {}

  async refresh(feedId: string): Promise<RefreshOutcome> {
    const feed = await this.db.threatFeed.findUnique({ where: { id: feedId } });
    if (!feed?.enabled) return "stale";
    const limits = { maxBytes: this.settings.maxFeedBytes, maxEntries: this.settings.maxFeedEntries };
    const loaded = await loadListContent(this.content, { ...feed, inlineContent: null }, this.settings, limits);
    const now = new Date();
    let outcome: RefreshOutcome;
    let data: Prisma.ThreatFeedUpdateManyMutationInput;
    if (loaded.ok && feed.status === "ACTIVE" && feed.contentSha256 === loaded.sha256) {
      outcome = "unchanged";
      data = { lastRefreshedAt: now };
    } else if (loaded.ok) {
      outcome = "loaded";
      data = {
        status: "ACTIVE",
        statusMessage: loaded.statusMessage,
        entries: encodeEntries(loaded.list.entries),
        entryCount: loaded.list.entries.length,
        rejectedCount: loaded.list.rejectedCount,
        contentSha256: loaded.sha256,
        lastRefreshedAt: now,
      };
    } else if (feed.status === "ACTIVE") {
      outcome = "kept";
      const since = feed.lastRefreshedAt?.toISOString() ?? "its last load";
      data = { statusMessage: `Refresh at ${now.toISOString()} failed; still using the content loaded at ${since}. ${loaded.statusMessage}` };
    } else {
      outcome = "failed";
      data = { status: "ERROR", statusMessage: loaded.statusMessage, entries: null, entryCount: 0, rejectedCount: 0, contentSha256: null };
    }
    // The operator may have changed the feed while it was being fetched; that change queued its own refresh.
    const written = await this.db.threatFeed.updateMany({ where: { id: feed.id, updatedAt: feed.updatedAt }, data });
    if (written.count === 0) return "stale";
    if (outcome === "loaded" || outcome === "failed") this.pubSub.publish("LISTS_CHANGED", { source: "FEED", id: feed.id, status: String(data.status) });
    return outcome;
  }
}
