import type { Redis } from "ioredis";

/**
 * Reports a connection's outage once, when it starts: ioredis emits an error on every reconnect attempt,
 * and a connection without an 'error' listener prints "[ioredis] Unhandled error event" on each one.
 */
export function reportOutages(client: Redis, onOutage: (error: Error) => void): void {
  let down = false;
  client.on("error", (error: Error) => {
    if (!down) onOutage(error);
    down = true;
  });
  client.on("ready", () => {
    down = false;
  });
}
