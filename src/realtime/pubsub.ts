import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { VigilTopics } from "./topics.js";

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
