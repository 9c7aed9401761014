import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import { reportOutages } from "../queues/redis-outages.js";
import type { VigilTopics } from "./topics.js";

export type VigilPubSub = PubSub<VigilTopics>;

export type RunningPubSub = { pubSub: VigilPubSub; close(): Promise<void> };

/** The Redis channel a topic travels on: under the install's prefix, so installs sharing one Redis never hear each other. */
export function channelName(prefix: string, topic: string): string {
  return `${prefix}:events:${topic}`;
}

/** The name (CLIENT LIST) of an install's pub/sub connection of either role, so an operator can tell them apart. */
export function pubSubConnectionName(prefix: string, role: "publish" | "subscribe"): string {
  return `${prefix}:events-${role}`;
}

type EventTarget = ReturnType<typeof createRedisEventTarget>;

// Subscribers only read an event's detail, so renaming the channel on the way in and out is invisible to them.
function prefixedEventTarget(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (topic, listener) => target.addEventListener(channelName(prefix, topic), listener),
    removeEventListener: (topic, listener) => target.removeEventListener(channelName(prefix, topic), listener),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(channelName(prefix, event.type), { detail: event.detail })),
  };
}

/** Called once per outage of a pub/sub connection (ioredis keeps reconnecting on its own). */
export type PubSubOutageHandler = (role: "publish" | "subscribe", error: Error) => void;

/** Events published in any process of one install (one VIGIL_QUEUE_PREFIX) reach subscribers in all of its processes. */
export function createRedisPubSub(redisUrl: string, prefix: string, onOutage: PubSubOutageHandler = () => undefined): RunningPubSub {
  const publishClient = new Redis(redisUrl, { connectionName: pubSubConnectionName(prefix, "publish") });
  // ioredis 5.8.2+ can send its handshake (CLIENT SETINFO, INFO) after a queued SUBSCRIBE and then fail the
  // connection in subscriber mode (redis/ioredis#2037); without the client-info handshake it cannot.
  const subscribeClient = new Redis(redisUrl, { disableClientInfo: true, connectionName: pubSubConnectionName(prefix, "subscribe") });
  reportOutages(publishClient, (error) => onOutage("publish", error));
  reportOutages(subscribeClient, (error) => onOutage("subscribe", error));
  const eventTarget = prefixedEventTarget(createRedisEventTarget({ publishClient, subscribeClient }), prefix);
  return {
    pubSub: createPubSub<VigilTopics>({ eventTarget }),
    close: async () => {
      // quit() waits for a connection that may never come back; a client that is down is simply dropped.
      await Promise.all([publishClient, subscribeClient].map((client) => (client.status === "ready" ? client.quit() : client.disconnect())));
    },
  };
}

/** Single-process event bus, for the schema emitter and offline tools. */
export function createLocalPubSub(): VigilPubSub {
  return createPubSub<VigilTopics>();
}
