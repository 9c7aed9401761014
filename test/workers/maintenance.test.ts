import { Queue, QueueEvents, type Worker } from "bullmq";
import { createLogger } from "../../src/logger";
import { bullConnection } from "../../src/queues/connection";
import { createLocalPubSub } from "../../src/realtime/pubsub";
import { createServices } from "../../src/services";
import { MAINTENANCE_QUEUE } from "../../src/queues/maintenance";
import { startMaintenanceWorker } from "../../workers/maintenance";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { freshQueuePrefix } from "../support/queues";

describe("maintenance worker", () => {
  let database: TestDatabase;
  let queues: ReturnType<typeof freshQueuePrefix>;
  let worker: Worker;

  beforeEach(async () => {
    database = await createTestDatabase();
    queues = freshQueuePrefix();
  });

  afterEach(async () => {
    await worker?.close();
    await queues.cleanup();
    await database.drop();
  });

  it("registers one daily purge, one pruning of the live notification log and one watch of the sources however many workers start", async () => {
    const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    const logger = createLogger("silent");
    worker = await startMaintenanceWorker(queues, services, { revokedKeyRetentionDays: 90 }, logger);
    const second = await startMaintenanceWorker(queues, services, { revokedKeyRetentionDays: 90 }, logger);
    await second.close();

    const queue = new Queue(MAINTENANCE_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    const schedulers = await queue.getJobSchedulers();
    await queue.close();
    expect(schedulers.map((s) => [s.key, s.pattern ?? Number(s.every), s.tz]).sort()).toEqual([
      ["daily-purge", "17 3 * * *", "UTC"],
      ["prune-finding-events", 600_000, undefined],
      ["watch-sources", 300_000, undefined],
    ]);
  });

  it("purges keys revoked before the retention window and keeps the rest", async () => {
    const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    const account = await database.db.account.create({ data: { accountId: "121212121212", name: "a", email: "a@example.com" } });
    const active = await services.apiKeys.issue(account.id, "active");
    const recentlyRevoked = await services.apiKeys.issue(account.id, "recent");
    const longRevoked = await services.apiKeys.issue(account.id, "old");
    const day = 86_400_000;
    await database.db.apiKey.update({ where: { id: recentlyRevoked.apiKey.id }, data: { revokedAt: new Date(Date.now() - 10 * day) } });
    await database.db.apiKey.update({ where: { id: longRevoked.apiKey.id }, data: { revokedAt: new Date(Date.now() - 100 * day) } });
    // Firehose sources' eventID claims are needed a day at most.
    const detector = await database.db.detector.create({ data: { id: "d".repeat(32), accountId: account.id, status: "ENABLED" } });
    const source = await database.db.logSource.create({ data: { detectorId: detector.id, name: "firehose", kind: "CLOUD_TRAIL", location: "FIREHOSE" } });
    await database.db.streamedEvent.createMany({
      data: [
        { logSourceId: source.id, eventId: "old", objectKey: "firehose/a", receivedAt: new Date(Date.now() - 2 * day) },
        { logSourceId: source.id, eventId: "recent", objectKey: "firehose/b", receivedAt: new Date(Date.now() - day / 2) },
      ],
    });

    worker = await startMaintenanceWorker(queues, services, { revokedKeyRetentionDays: 90 }, createLogger("silent"));
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    try {
      await events.waitUntilReady();
      const job = await queue.add("daily-purge", {});
      expect(await job.waitUntilFinished(events, 15_000)).toEqual({ revokedKeys: 1, streamedEventIds: 1 });
    } finally {
      await events.close();
      await queue.close();
    }
    const remaining = await database.db.apiKey.findMany({ orderBy: { name: "asc" } });
    expect(remaining.map((k) => k.id).sort()).toEqual([active.apiKey.id, recentlyRevoked.apiKey.id].sort());
    expect((await database.db.streamedEvent.findMany()).map((e) => e.eventId)).toEqual(["recent"]);
  });

  it("prunes live notifications older than an hour and keeps the recent ones", async () => {
    const services = createServices({ db: database.db, operatorToken: "x".repeat(32), pubSub: createLocalPubSub() });
    const minute = 60_000;
    await database.db.findingEvent.createMany({
      data: [
        { findingId: "old", detectorId: "d".repeat(32), kind: "CREATED", createdAt: new Date(Date.now() - 61 * minute) },
        { findingId: "recent", detectorId: "d".repeat(32), kind: "UPDATED", createdAt: new Date(Date.now() - 59 * minute) },
      ],
    });
    worker = await startMaintenanceWorker(queues, services, { revokedKeyRetentionDays: 90 }, createLogger("silent"));
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    const events = new QueueEvents(MAINTENANCE_QUEUE, { connection: bullConnection(queues.redisUrl), prefix: queues.queuePrefix });
    try {
      await events.waitUntilReady();
      // The schedule may have run once at start already: what is left is asserted, not this job's count.
      const job = await queue.add("prune-finding-events", {});
      expect(await job.waitUntilFinished(events, 15_000)).toEqual({ findingEvents: expect.any(Number) });
    } finally {
      await events.close();
      await queue.close();
    }
    expect((await database.db.findingEvent.findMany()).map((e) => e.findingId)).toEqual(["recent"]);
  });
});
