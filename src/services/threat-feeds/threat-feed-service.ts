import type { ListSettings } from "../../config.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Database } from "../../db/prisma.js";
import type { IntelListFormat, IntelListStatus, ThreatFeed } from "../../generated/prisma/client.js";
import type { VigilPubSub } from "../../realtime/pubsub.js";
import { type Actor, requireOperator } from "../actor.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import type { ListJobs } from "../../queues/list-jobs.js";
import { INLINE_LOCATION, parseListLocation } from "../intel-lists/list-location.js";
import { keysetQuery, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { isThreatCategory, THREAT_CATEGORIES } from "./categories.js";

/** A managed threat feed as this service hands it out. */
export type StoredThreatFeed = ThreatFeed;

export type CreateFeedCommand = {
  name: string;
  format: IntelListFormat;
  location: string;
  category: string;
  refreshIntervalMinutes?: number | null;
  enabled?: boolean | null;
};

export type UpdateFeedCommand = { [K in keyof CreateFeedCommand]?: CreateFeedCommand[K] | null };

const MAX_NAME_LENGTH = 300;
const DEFAULT_REFRESH_MINUTES = 60;
const MAX_REFRESH_MINUTES = 7 * 24 * 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Managed threat intelligence: feeds the operator configures, in force for every account, refreshed
 * by the `lists` workers on a schedule per feed. Matches on them produce GuardDuty's non-.Custom
 * finding types.
 */
export class ThreatFeedService {
  constructor(
    private readonly db: Database,
    private readonly settings: ListSettings,
    private readonly pubSub: VigilPubSub,
    private readonly jobs: ListJobs | undefined,
  ) {}

  async create(actor: Actor | null, command: CreateFeedCommand): Promise<StoredThreatFeed> {
    requireOperator(actor);
    const enabled = command.enabled ?? true;
    const feed = await this.uniquely(() =>
      this.db.threatFeed.create({
        data: {
          name: this.validName(command.name),
          format: command.format,
          location: this.validLocation(command.location),
          category: this.validCategory(command.category),
          refreshIntervalMinutes: this.validInterval(command.refreshIntervalMinutes ?? DEFAULT_REFRESH_MINUTES),
          enabled,
          status: enabled ? "ACTIVATING" : "INACTIVE",
        },
      }),
    );
    await this.dispatch(feed);
    return feed;
  }

  /** Creates the feeds whose names are not taken yet, leaving existing ones as the operator changed them. */
  async createMissing(actor: Actor | null, commands: readonly CreateFeedCommand[]): Promise<StoredThreatFeed[]> {
    requireOperator(actor);
    const existing = new Set((await this.db.threatFeed.findMany({ select: { name: true } })).map((feed) => feed.name));
    const created: ThreatFeed[] = [];
    for (const command of commands.filter((c) => !existing.has(c.name))) created.push(await this.create(actor, command));
    return created;
  }

  async update(actor: Actor | null, feedId: string, command: UpdateFeedCommand): Promise<StoredThreatFeed> {
    requireOperator(actor);
    const before = await this.find(feedId);
    const enabled = command.enabled ?? before.enabled;
    const format = command.format ?? before.format;
    const location = command.location === null || command.location === undefined ? before.location : this.validLocation(command.location);
    const reload = enabled && (!before.enabled || format !== before.format || location !== before.location);
    const status: IntelListStatus = !enabled ? "INACTIVE" : reload ? "ACTIVATING" : before.status;
    const changed = await this.uniquely(() =>
      this.db.threatFeed.updateMany({
        where: { id: before.id, updatedAt: before.updatedAt },
        data: {
          name: command.name === null || command.name === undefined ? undefined : this.validName(command.name),
          category: command.category === null || command.category === undefined ? undefined : this.validCategory(command.category),
          refreshIntervalMinutes: command.refreshIntervalMinutes === null || command.refreshIntervalMinutes === undefined ? undefined : this.validInterval(command.refreshIntervalMinutes),
          format,
          location,
          enabled,
          status,
          statusMessage: status === before.status ? undefined : null,
        },
      }),
    );
    if (changed.count === 0) throw new ConflictError("The feed changed while this request ran; read it again and retry.");
    const after = await this.db.threatFeed.findUniqueOrThrow({ where: { id: before.id } });
    await this.dispatch(after);
    // A disabled, renamed or re-categorised feed changes what the workers match, at once.
    if (before.status === "ACTIVE") this.announce(after);
    return after;
  }

  async delete(actor: Actor | null, feedId: string): Promise<void> {
    requireOperator(actor);
    const feed = await this.find(feedId);
    await this.db.threatFeed.delete({ where: { id: feed.id } });
    await this.jobs?.scheduleFeed(feed.id, null);
    this.pubSub.publish("LISTS_CHANGED", { source: "FEED", id: feed.id, status: "DELETED" });
  }

  async list(actor: Actor | null, request: PageRequest): Promise<Page<StoredThreatFeed>> {
    requireOperator(actor);
    const size = pageSize(request.first);
    const keyset = keysetQuery("createdAt", request.after);
    const rows = await this.db.threatFeed.findMany({ where: keyset.where, orderBy: keyset.orderBy, take: size + 1 });
    return toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
  }

  /** Fetches the feed again now, outside its schedule; it stays in force meanwhile. */
  async refresh(actor: Actor | null, feedId: string): Promise<StoredThreatFeed> {
    requireOperator(actor);
    const feed = await this.find(feedId);
    if (!feed.enabled) throw new ConflictError("The feed is disabled: enable it (updateThreatFeed) to load it.");
    await this.jobs?.enqueue({ name: "refresh-feed", feedId: feed.id, version: feed.updatedAt.getTime() });
    return feed;
  }

  private async find(feedId: string): Promise<StoredThreatFeed> {
    const feed = UUID.test(feedId) ? await this.db.threatFeed.findUnique({ where: { id: feedId } }) : null;
    if (!feed) throw new NotFoundError(`Threat feed ${feedId} not found.`);
    return feed;
  }

  private async dispatch(feed: ThreatFeed): Promise<void> {
    if (!this.jobs) return;
    await this.jobs.scheduleFeed(feed.id, feed.enabled ? feed.refreshIntervalMinutes * 60_000 : null);
    if (feed.status === "ACTIVATING") await this.jobs.enqueue({ name: "refresh-feed", feedId: feed.id, version: feed.updatedAt.getTime() });
  }

  private announce(feed: ThreatFeed): void {
    this.pubSub.publish("LISTS_CHANGED", { source: "FEED", id: feed.id, status: feed.status });
  }

  private validName(name: string): string {
    if (name.trim() === "" || name.length > MAX_NAME_LENGTH) throw new InvalidInputError(`name must be 1 to ${MAX_NAME_LENGTH} characters.`);
    return name;
  }

  private validLocation(location: string): string {
    if (location === INLINE_LOCATION) throw new InvalidInputError("A feed is read from a location (https://…, s3://bucket/key or file:///path).");
    parseListLocation(location, this.settings);
    return location;
  }

  private validCategory(category: string): string {
    if (!isThreatCategory(category)) throw new InvalidInputError(`category must be one of ${THREAT_CATEGORIES.join(", ")}.`);
    return category;
  }

  private validInterval(minutes: number): number {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_REFRESH_MINUTES) {
      throw new InvalidInputError(`refreshIntervalMinutes must be a whole number from 1 to ${MAX_REFRESH_MINUTES}.`);
    }
    return minutes;
  }

  private async uniquely<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError("A threat feed with this name already exists.");
      throw error;
    }
  }
}
