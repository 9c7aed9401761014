import { processJobId } from "../../src/queues/ingest";
import { cloudTrailObject } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";

/**
 * How a process job ends: an object that can never be read fails once, a transient problem (here the
 * database read of the owner's organisation breaking off) is retried with backoff, and the source's
 * error is cleared by the next object read to its end.
 */
describe("failing log objects", () => {
  let pipeline: TestPipeline;
  let transientFailures = 0;

  beforeAll(async () => {
    pipeline = await startTestPipeline({
      retry: { attempts: 3, backoffMs: 100 },
      analysis: {
        organizations: {
          routes: async () => new Map(),
          of: async () => {
            if (transientFailures > 0) {
              transientFailures--;
              throw new Error("Connection terminated unexpectedly");
            }
            return new Set();
          },
        },
      },
    });
    await pipeline.startWorkers();
  });
  afterAll(() => pipeline.close());

  const source = (id: string) => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } });
  const push = (id: string, key: string, body: string) => pipeline.queuePushed(id, key, body);
  const job = (id: string, key: string) => pipeline.ingest.queues.process.getJob(processJobId(id, key));

  it("fails an unparseable object on its first attempt with its reason, and clears the error on the next success", async () => {
    const id = await pipeline.createSource({ name: "pushed", location: "push" });
    await push(id, "push/not-a-log", "this is a note, not a log\n");
    const failed = await eventually(() => source(id), (s) => s.objectsFailed === 1n);
    expect(failed.lastError).toMatch(/^push\/not-a-log: not CloudTrail/);
    const attempt = await job(id, "push/not-a-log");
    expect(attempt?.attemptsMade).toBe(1);
    expect(attempt?.returnvalue).toMatchObject({ status: "FAILED" });

    await push(id, "push/good", cloudTrailObject(10, { start: new Date("2026-03-01T00:00:00Z"), idPrefix: "good" }));
    const recovered = await eventually(() => source(id), (s) => s.objectsProcessed === 1n);
    expect(recovered).toMatchObject({ status: "OK", lastError: null, lastErrorAt: null, objectsFailed: 1n, eventsProcessed: 10n });
  });

  it("retries a transient failure with backoff and then reads the object", async () => {
    const id = await pipeline.createSource({ name: "flaky database", location: "push" });
    transientFailures = 2;
    await push(id, "push/retried", cloudTrailObject(20, { start: new Date("2026-03-02T00:00:00Z"), idPrefix: "retried" }));
    const state = await eventually(() => source(id), (s) => s.objectsProcessed === 1n);
    expect(state).toMatchObject({ eventsProcessed: 20n, objectsFailed: 0n });
    const attempt = await job(id, "push/retried");
    expect(attempt?.attemptsMade).toBe(3);
    expect(attempt?.returnvalue).toMatchObject({ status: "DONE" });
  });
});
