import { Readable } from "node:stream";
import { createIngest, type Ingest } from "../../src/ingest";
import { SecretBox } from "../../src/services/secrets/secret-box";
import { attackRecords, createAccessKey } from "../../src/detection/testing/attack-story";
import type { Finding } from "../../src/detection/findings/types";
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
    expect(crossed).toMatchObject({ count: 1, severity: 10 });
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
    expect((await sequences()).map((f) => [f.id, f.count])).toEqual([[crossed.id, 1]]);

    // A restarted worker (a new pipeline instance on the same Redis and PostgreSQL) extends the same sequence.
    restarted = createIngest(pipeline.services, { queues: pipeline.queues, secretBox: SecretBox.ephemeral(), logsRoot: pipeline.logsRoot, allowPrivateEndpoints: true, analysis: { geo: PLAIN_GEO } });
    await restarted.reader.read(source, c);
    const [grown] = await sequences();
    expect(grown).toMatchObject({ id: crossed.id, count: 2 });
    expect((grown.data as unknown as Finding).description).toMatch(/13:30 .*access key.*other\.$/);

    const events = await eventually(
      async () => pushed.events.flatMap((event) => event.findings).filter((f) => f.id === crossed.id),
      (found) => found.length >= 3,
    );
    expect(events.map((f) => f.created)).toEqual([true, true, false]);
    await pushed.stop();
  });
});
