import type { ConnectionOptions } from "bullmq";

/**
 * Options rather than a shared ioredis instance: BullMQ then owns, and closes, its connections.
 * Workers need maxRetriesPerRequest null so blocking commands wait out a Redis restart.
 */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
}

/** Every queue shares one hash-tagged prefix, so all of Vigil's keys land on one Redis Cluster slot. */
export type QueueSettings = { redisUrl: string; queuePrefix: string };
