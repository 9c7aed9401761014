/** The API in front of a test pipeline, as runtime.ts starts it: its schema, services, limits and login throttle. */
import { Redis } from "ioredis";
import { loadSettings } from "../../../src/config";
import { buildVigilSchema } from "../../../src/graphql/schema";
import { type HttpServerOptions, type RunningHttpServer, startHttpServer } from "../../../src/http/server";
import { createLogger } from "../../../src/logger";
import { RedisFailureCounter } from "../../../src/state/redis-failure-counter";
import { readiness } from "../../../src/services/system/readiness";
import type { TestPipeline } from "./pipeline";

export type PipelineServer = { server: RunningHttpServer; close(): Promise<void> };

/** `routes`: what the test exercises (push, streams, metrics); the rest is the defaults every API process has. */
export async function startPipelineServer(pipeline: TestPipeline, routes: Partial<HttpServerOptions>): Promise<PipelineServer> {
  const failureCounts = new Redis(pipeline.queues.redisUrl);
  const settings = loadSettings({});
  const server = await startHttpServer({
    schema: await buildVigilSchema(pipeline.pubSub),
    services: pipeline.services,
    logger: createLogger("silent"),
    host: "127.0.0.1",
    port: 0,
    maxBodyBytes: 1_048_576,
    drainGraceMs: 100,
    requestLimits: settings.requestLimits,
    authThrottle: { counter: new RedisFailureCounter(failureCounts, pipeline.queues.queuePrefix), limits: settings.authFailures, trustedProxies: 0 },
    readiness: () => readiness(pipeline.database.db, failureCounts, pipeline.database.url),
    ...routes,
  });
  return {
    server,
    async close() {
      await server.close();
      await failureCounts.quit();
    },
  };
}
