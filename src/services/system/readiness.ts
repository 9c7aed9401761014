/** System service: whether this process can serve (/readyz), asked by the load balancer, not by a caller. */
import type { Redis } from "ioredis";
import { pingDatabase } from "../../db/health/ping.js";
import type { Database } from "../../db/prisma.js";
import { pendingMigrations } from "../../db/migrator.js";

export type Readiness = {
  ready: boolean;
  checks: { postgres: string; redis: string; migrations: string };
  /** How long each server took to answer its probe (also when it failed): what /metrics reports. */
  latencySeconds: { postgres: number; redis: number };
};

/** A probe's answer ("ok" or the error) and how long it took. */
async function check(probe: () => Promise<string>): Promise<{ state: string; seconds: number }> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const state = await probe();
    return { state, seconds: elapsed() };
  } catch (error) {
    return { state: `error: ${(error as Error).message}`, seconds: elapsed() };
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
  const checks = { postgres: postgres.state, redis: redisState.state, migrations: migrations.state };
  return { ready: Object.values(checks).every((c) => c === "ok"), checks, latencySeconds: { postgres: postgres.seconds, redis: redisState.seconds } };
}
