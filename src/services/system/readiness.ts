/** System service: whether this process can serve (/readyz), asked by the load balancer, not by a caller. */
import type { Redis } from "ioredis";
import { pingDatabase } from "../../db/health/ping.js";
import type { Database } from "../../db/prisma.js";
import { pendingMigrations } from "../../db/migrator.js";

export type Readiness = { ready: boolean; checks: { postgres: string; redis: string; migrations: string } };

async function check(probe: () => Promise<string>): Promise<string> {
  try {
    return await probe();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** PostgreSQL and Redis reachable, and every migration on disk applied. */
export async function readiness(db: Database, redis: Redis, databaseUrl: string): Promise<Readiness> {
  const [postgres, redisState, migrations] = await Promise.all([
    check(async () => (await pingDatabase(db), "ok")),
    check(async () => ((await redis.ping()) === "PONG" ? "ok" : "error: unexpected PING reply")),
    check(async () => {
      const pending = await pendingMigrations(databaseUrl);
      return pending.length === 0 ? "ok" : `error: pending ${pending.join(", ")}`;
    }),
  ]);
  const checks = { postgres, redis: redisState, migrations };
  return { ready: Object.values(checks).every((c) => c === "ok"), checks };
}
