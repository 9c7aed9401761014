import { Readable } from "node:stream";
import { createIngest, type Ingest } from "../../src/ingest";
import { SecretBox } from "../../src/services/secrets/secret-box";
import { attackRecords, createAccessKey } from "../../src/detection/testing/attack-story";
import type { Finding } from "../../src/detection/findings/types";
import type { SourceForIngestion } from "../../src/ingest/ports";
import type { SequenceDetection } from "../../src/detection/sequences/sequence-types";
import { collectFindingEvents, eventually, PLAIN_GEO, startTestPipeline, type TestPipeline } from "./support/pipeline";

const SEQUENCE = "AttackSequence:IAM/CompromisedCredentials";

function object(key: string, records: unknown[]) {
  const text = JSON.stringify({ Records: records });
  return { key, size: text.length, lastModified: new Date(), open: async () => Readable.from([Buffer.from(text)]) };
}

describe("attack sequences through the pipeline", () => {
  let pipeline: TestPipeline;
  let restarted: Ingest | undefined;
  beforeAll(async () => {
    pipeline = await startTestPipeline();
  });
  afterAll(async () => {
    await restarted?.close();
    await pipeline.close();
  });

  const sequences = () => pipeline.database.db.finding.findMany({ where: { type: SEQUENCE } });

  it("raises one sequence across log objects, pushes it when it crosses and grows, survives a retry and a worker restart", async () => {
    const id = await pipeline.createSource({ name: "trail", kind: "CLOUD_TRAIL", location: "trail" });
    const source = (await pipeline.services.ingestion.source(id))!;
    const reader = pipeline.ingest.reader;
    const records = attackRecords();
    const [a, b, c] = [object("a.json", records.slice(0, 22)), object("b.json", records.slice(22)), object("c.json", [createAccessKey(90, { requestParameters: { userName: "other" } })])];
    const pushed = collectFindingEvents(pipeline.pubSub);

    await reader.read(source, a);
    expect(await sequences()).toEqual([]);
    await reader.read(source, b);
    const [crossed] = await sequences();
    const crossedSignals = ((crossed.data as unknown as Finding).service.detection as SequenceDetection).sequence.signals.length;
    // A sequence's count is its story's signals (the listed ones are all of them in so short a story).
    expect(crossed).toMatchObject({ count: crossedSignals, severity: 10 });
    const data = crossed.data as unknown as Finding;
    expect(data.description).toMatch(/12:08 .*access key.*backup-svc; 12:10 CloudTrail logging was disabled/);
    const trail = await pipeline.database.db.finding.findFirstOrThrow({ where: { type: "Stealth:IAMUser/CloudTrailLoggingDisabled" } });
    expect((trail.data as unknown as Finding).associatedAttackSequenceArn).toBe(data.arn);

    // The worker died before committing b.json: PostgreSQL holds nothing of it, Redis kept its signals.
    await pipeline.database.db.$transaction([
      pipeline.database.db.ingestedObject.delete({ where: { logSourceId_objectKey: { logSourceId: id, objectKey: "b.json" } } }),
      pipeline.database.db.finding.deleteMany({ where: { sourceEvents: { array_contains: [{ object: "b.json" }] } } }),
      pipeline.database.db.finding.deleteMany({ where: { type: SEQUENCE } }),
    ]);
    await reader.read(source, b);
    expect((await sequences()).map((f) => [f.id, f.count])).toEqual([[crossed.id, crossed.count]]);

    // A restarted worker (a new pipeline instance on the same Redis and PostgreSQL) extends the same sequence.
    restarted = createIngest(pipeline.services, { queues: pipeline.queues, secretBox: SecretBox.ephemeral(), logsRoot: pipeline.logsRoot, allowPrivateEndpoints: true, analysis: { geo: PLAIN_GEO } });
    await restarted.reader.read(source, c);
    const [grown] = await sequences();
    expect(grown).toMatchObject({ id: crossed.id, count: crossed.count + 1 });
    expect((grown.data as unknown as Finding).description).toMatch(/13:30 .*access key.*other\.$/);

    const events = await eventually(
      async () => pushed.events.flatMap((event) => event.findings).filter((f) => f.id === crossed.id),
      (found) => found.length >= 3,
    );
    expect(events.map((f) => f.created)).toEqual([true, true, false]);
    await pushed.stop();
  });
});

describe("an attack sequence read in any order, by one worker or two at once", () => {
  const records = attackRecords();
  const objects = [object("a.json", records.slice(0, 22)), object("b.json", records.slice(22)), object("c.json", [createAccessKey(90, { requestParameters: { userName: "other" } })])];

  /** The sequence finding a fresh pipeline (database, queues, sequence store) stores after `read`. */
  async function finalSequence(read: (readers: Ingest["reader"][], source: SourceForIngestion) => Promise<void>) {
    const pipeline = await startTestPipeline();
    const second = createIngest(pipeline.services, { queues: pipeline.queues, secretBox: SecretBox.ephemeral(), logsRoot: pipeline.logsRoot, allowPrivateEndpoints: true, analysis: { geo: PLAIN_GEO } });
    try {
      const source = (await pipeline.services.ingestion.source(await pipeline.createSource({ name: "trail", kind: "CLOUD_TRAIL", location: "trail" })))!;
      await read([pipeline.ingest.reader, second.reader], source);
      const stored = await pipeline.database.db.finding.findMany({ where: { type: SEQUENCE } });
      return stored.map(({ title, severity, count, eventFirstSeen, eventLastSeen, data }) => ({
        title, severity, count, eventFirstSeen, eventLastSeen, timeline: (data as unknown as Finding).description,
      }));
    } finally {
      await second.close();
      await pipeline.close();
    }
  }

  it("ends as the same finding: in time order, backwards, and with two objects read at once by two workers", async () => {
    const [a, b, c] = objects;
    const inOrder = await finalSequence(async ([reader], source) => {
      for (const next of [a, b, c]) await reader.read(source, next);
    });
    const backwards = await finalSequence(async ([reader], source) => {
      for (const next of [c, b, a]) await reader.read(source, next);
    });
    const atOnce = await finalSequence(async ([one, two], source) => {
      await one.read(source, a);
      await Promise.all([one.read(source, c), two.read(source, b)]);
    });
    expect(inOrder).toHaveLength(1);
    // From the story's first signal to its newest, whichever object came last.
    expect(inOrder[0].eventFirstSeen.getTime()).toBeLessThan(inOrder[0].eventLastSeen.getTime());
    expect(backwards).toEqual(inOrder);
    expect(atOnce).toEqual(inOrder);
  });
});
