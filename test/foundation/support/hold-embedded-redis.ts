/**
 * A stand-in for `vigil start` with an embedded Redis, for the test that kills it with SIGKILL: starts the
 * embedded Redis on the data folder and port given, stores a key, says "ready" and runs until killed.
 *   node --import tsx hold-embedded-redis.ts DATA_DIR PORT
 */
import { Redis } from "ioredis";
import { createLogger } from "../../../src/logger";
import { startEmbeddedRedis } from "../../../src/queues/embedded-redis";

const [dataDir, port] = process.argv.slice(2);

void (async () => {
  const embedded = await startEmbeddedRedis({ binary: "/usr/bin/redis-server", dataDir, port: Number(port), logger: createLogger("silent") });
  const redis = new Redis(embedded.redisUrl);
  await redis.set("queued", "object-1");
  await redis.quit();
  process.stdout.write("ready\n");
  setInterval(() => undefined, 60_000);
})();
