import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { ACCOUNT } from "../ingest/support/cloudtrail";
import { startTestPipeline, type TestPipeline } from "../ingest/support/pipeline";

const INSTANCES = 1_200;

/** One trail object launching INSTANCES instances: the fixture's RunInstances (test/fixtures/inventory/README.md) with the ids and addresses renumbered. */
function launches(): string {
  const text = readFileSync(path.join(__dirname, "..", "fixtures", "inventory", "run-tag-stop.cloudtrail.json"), "utf8").replaceAll("123412341234", ACCOUNT);
  const run = JSON.stringify((JSON.parse(text) as { Records: unknown[] }).Records[0]);
  const records = Array.from({ length: INSTANCES }, (_, i) => {
    const n = i.toString(16).padStart(5, "0");
    return run
      .replaceAll("i-0690cd354a0c3850c", `i-0690cd354a0c${n}`)
      .replaceAll("eni-0f4e4d2d71627dd38", `eni-0f4e4d2d716${n}`)
      .replaceAll("10.1.0.14", `10.1.${i >> 8}.${i & 255}`)
      .replaceAll("01f39d3b-4a26-4045-bb36-1e57b7d07997", `01f39d3b-4a26-4045-bb36-1e57b7d${n}`);
  });
  return `{"Records":[${records.join(",")}]}`;
}

describe("EC2 inventory: an object launching more instances than one statement writes", () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    pipeline = await startTestPipeline();
  });
  afterAll(() => pipeline.close());

  it("stores every instance, and writes nothing when the object is read again", async () => {
    const trail = await pipeline.createSource({ name: "trail", kind: "CLOUD_TRAIL", location: "trail" });
    const source = (await pipeline.services.ingestion.source(trail))!;
    const body = launches();
    const read = (key: string) => pipeline.ingest.reader.read(source, { key, size: body.length, lastModified: new Date(), open: async () => Readable.from([Buffer.from(body)]) });
    expect(await read("launches.json")).toMatchObject({ status: "DONE", events: INSTANCES });
    const rows = await pipeline.database.db.ec2Instance.findMany({ select: { instanceId: true, lookupKeys: true, updatedAt: true } });
    expect(rows).toHaveLength(INSTANCES);
    expect(rows.find((row) => row.instanceId === "i-0690cd354a0c004af")?.lookupKeys.sort()).toEqual(["eni:eni-0f4e4d2d716004af", "instance:i-0690cd354a0c004af", "ip:10.1.4.175"]);
    expect(await read("launches-again.json")).toMatchObject({ status: "DONE", events: INSTANCES });
    const again = await pipeline.database.db.ec2Instance.findMany({ select: { instanceId: true, lookupKeys: true, updatedAt: true } });
    expect(new Map(again.map((row) => [row.instanceId, row.updatedAt.getTime()]))).toEqual(new Map(rows.map((row) => [row.instanceId, row.updatedAt.getTime()])));
  });
});
