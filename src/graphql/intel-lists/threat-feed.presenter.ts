import type { ThreatCategory } from "../../detection/intel/index.js";
import type { StoredThreatFeed } from "../../services/threat-feeds/threat-feed-service.js";
import type { ListFormatEnum, ListStatusEnum } from "./intel-list.types.js";
import type { ThreatFeedType } from "./threat-feed.types.js";

export function presentThreatFeed(feed: StoredThreatFeed): ThreatFeedType {
  return {
    id: feed.id,
    name: feed.name,
    format: feed.format as ListFormatEnum,
    location: feed.location,
    category: feed.category as ThreatCategory,
    refreshIntervalMinutes: feed.refreshIntervalMinutes,
    enabled: feed.enabled,
    status: feed.status as ListStatusEnum,
    statusMessage: feed.statusMessage,
    entryCount: feed.entryCount,
    rejectedCount: feed.rejectedCount,
    lastRefreshedAt: feed.lastRefreshedAt,
    createdAt: feed.createdAt,
    updatedAt: feed.updatedAt,
  };
}
