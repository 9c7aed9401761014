import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";

export type InvitationEvent = {
  invitationId: string;
  administratorAccountId: string;
  memberAccountId: string;
  message: string | null;
  invitedAt: string;
};

export type SecurityConfigurationChange = {
  accountId: string;
  operation: string;
  targetType: string;
  targetId: string;
  actorAccountId: string | null;
  occurredAt: string;
};

/** Findings written in one transaction (new ones and updates of existing ones). */
export type FindingsUpsertedEvent = {
  detectorId: string;
  findings: Array<{ id: string; accountId: string; created: boolean }>;
};

/** A log source was created, changed or deleted: workers adjust its polling schedule. */
export type LogSourceChanged = { logSourceId: string };

/** A trusted/threat list or a managed feed changed what is in force: every worker rebuilds its threat-intel snapshot. */
export type ListsChangedEvent = {
  source: "LIST" | "FEED";
  id: string;
  status: string;
};

/** Topics that cross processes (worker → API, API → API). Keyed ones carry the recipient's account row id. */
export type VigilTopics = {
  INVITATION_RECEIVED: [accountRowId: string, event: InvitationEvent];
  SECURITY_CONFIGURATION_CHANGED: [event: SecurityConfigurationChange];
  FINDINGS_UPSERTED: [event: FindingsUpsertedEvent];
  LISTS_CHANGED: [event: ListsChangedEvent];
  LOG_SOURCE_CHANGED: [event: LogSourceChanged];
  /** A key stops working at once: every API process closes the sockets it opened. */
  API_KEY_REVOKED: [event: { apiKeyId: string }];
};

export type VigilPubSub = PubSub<VigilTopics>;

export type RunningPubSub = { pubSub: VigilPubSub; close(): Promise<void> };

/** Events published in any process reach subscribers in every process through Redis pub/sub. */
export function createRedisPubSub(redisUrl: string): RunningPubSub {
  const publishClient = new Redis(redisUrl);
  const subscribeClient = new Redis(redisUrl);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubSub: createPubSub<VigilTopics>({ eventTarget }),
    close: async () => {
      await Promise.all([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

/** Single-process event bus, for the schema emitter and offline tools. */
export function createLocalPubSub(): VigilPubSub {
  return createPubSub<VigilTopics>();
}
