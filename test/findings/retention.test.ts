import { Queue, QueueEvents, type Worker } from "bullmq";
import { createLogger } from "../../src/logger";
import { bullConnection } from "../../src/queues/connection";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { createServices } from "../../src/services";
import { RETENTION_QUEUE } from "../../src/queues/retention";
import { startRetentionWorker } from "../../workers/retention";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freshQueuePrefix } from "../support/queues";
import { storeFindings, syntheticFinding } from "./support/findings";

const DAY = 86_400_000;

describe("finding retention", () => {
  let database: TestDatabase;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let worker: Worker | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
    queues = freshQueuePrefix();
  });
  afterEach(async () => {
    await worker?.close();
    await queues.cleanup();
    await database.drop();
  });

  /** Findings last updated `ages` days ago. */
  async function findingsAged(ages: number[]): Promise<string[]> {
    const account = await database.db.account.create({ data: { accountId: "380000000001", name: "r", email: "r@example.com" } });
    const detectorId = "7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e7e";
    await database.db.detector.create({ data: { id: detectorId, accountId: account.id, status: "ENABLED" } });
    const findings = ages.map((age, n) => {
      const at = new Date(Date.now() - age * DAY).toISOString();
      return { ...syntheticFinding(detectorId, "380000000001", n), createdAt: at, updatedAt: at };
    });
    await storeFindings(database.db, findings);
    return findings.map((f) => f.id);
  }

  it("deletes, a batch at a time, the findings not updated within the retention period", async () => {
    const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    const ids = await findingsAged([1, 89, 91, 120, 400, 95, 30]);
    expect(await services.findings.purgeUpdatedBefore(new Date(Date.now() - 90 * DAY), 2)).toBe(4);
    const kept = await database.db.finding.findMany({ select: { id: true } });
    expect(kept.map((f) => f.id).sort()).toEqual([ids[0], ids[1], ids[6]].sort());
  });

  it("runs daily on one schedule however many workers start, with the configured age", async () => {
    const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    const logger = createLogger("silent");
    const ids = await findingsAged([5, 12, 40]);
    worker = await startRetentionWorker(queues, services, { findingRetentionDays: 10 }, logger);
    const second = await startRetentionWorker(queues, services, { findingRetentionDays: 10 }, logger);
    await second.close();

    const queue = new Queue(RETENTION_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    const events = new QueueEvents(RETENTION_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([["purge-findings", "41 3 * * *", "UTC"]]);
      await events.waitUntilReady();
      const job = await queue.add("purge-findings", {});
      expect(await job.waitUntilFinished(events, 15_000)).toEqual({ findings: 2, instances: 0 });
    } finally {
      await events.close();
      await queue.close();
    }
    expect((await database.db.finding.findMany({ select: { id: true } })).map((f) => f.id)).toEqual([ids[0]]);
  });
});
