import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { initialListingState } from "../../src/ingest/locations/listing-state";
import { LocalLocation } from "../../src/ingest/locations/local-location";
import { createS3Client } from "../../src/ingest/locations/s3-client";
import { S3Location } from "../../src/ingest/locations/s3-location";
import { ACCOUNT, cloudTrailKey, cloudTrailObject } from "./support/cloudtrail";
import { eventually, startTestPipeline, type TestPipeline } from "./support/pipeline";
import { S3RVER_CREDENTIALS, startTestS3, type TestS3 } from "./support/s3-server";

const DAY_MS = 86_400_000;
const NOW = new Date("2026-03-20T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const keysOf = (listing: { objects: Array<{ key: string }> }) => listing.objects.map((object) => object.key).sort();

describe("backfillDays: a first poll that reads only the last N days", () => {
  describe("S3 (keys carry the day)", () => {
    let s3: TestS3;
    beforeAll(async () => {
      s3 = await startTestS3();
      await s3.createBucket("trail");
    });
    afterAll(() => s3.close());

    const location = (prefix: string) => {
      const settings = { bucket: "trail", prefix, region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { type: "ACCESS_KEY" as const, ...S3RVER_CREDENTIALS }, sessionName: "test", allowPrivateEndpoint: true };
      return new S3Location(settings, createS3Client(settings));
    };

    it("starts each region's stream at the date folder N days back, and later streams too", async () => {
      const prefix = `AWSLogs/${ACCOUNT}/CloudTrail/`;
      const keys = [
        cloudTrailKey("us-east-1", daysAgo(10), "old"),
        cloudTrailKey("us-east-1", daysAgo(3), "edge"),
        cloudTrailKey("us-east-1", daysAgo(1), "recent"),
        cloudTrailKey("eu-west-1", daysAgo(30), "older"),
        cloudTrailKey("eu-west-1", daysAgo(2), "fresh"),
      ];
      for (const key of keys) await s3.put("trail", key, "{}");

      const first = await location(prefix).listNew(initialListingState(3, NOW), NOW);
      expect(keysOf(first)).toEqual([keys[4], keys[1], keys[2]].sort());
      expect(first.state.backfillFrom).toBe(daysAgo(3).toISOString());

      // A region that shows up at the next discovery starts at the same day, not at its first key.
      const newRegion = [cloudTrailKey("ap-south-1", daysAgo(5), "before"), cloudTrailKey("ap-south-1", daysAgo(0), "after")];
      for (const key of newRegion) await s3.put("trail", key, "{}");
      const later = new Date(NOW.getTime() + 11 * 60_000);
      const second = await location(prefix).listNew(first.state, later);
      expect(keysOf(second)).toContain(newRegion[1]);
      expect(keysOf(second)).not.toContain(newRegion[0]);
      expect(keysOf(second)).not.toContain(keys[0]);
    });

    it("understands the Hive-style date layout", async () => {
      const keys = ["hive/year=2026/month=03/day=01/a.json", "hive/year=2026/month=03/day=19/b.json"];
      for (const key of keys) await s3.put("trail", key, "{}");
      expect(keysOf(await location("hive/").listNew(initialListingState(2, NOW), NOW))).toEqual([keys[1]]);
    });

    it("reads everything without backfillDays, as before", async () => {
      const keys = [cloudTrailKey("us-east-2", daysAgo(40), "x"), cloudTrailKey("us-east-2", daysAgo(0), "y")];
      for (const key of keys) await s3.put("trail", key, "{}");
      expect(keysOf(await location(`AWSLogs/${ACCOUNT}/CloudTrail/us-east-2/`).listNew(initialListingState(null, NOW), NOW))).toEqual(keys.sort());
    });
  });

  describe("local folder (by modification time)", () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), "vigil-backfill-"));
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it("lists on the first walk only files modified in the last N days; later walks go by arrival as usual", async () => {
      const folder = path.join(root, "logs");
      await mkdir(path.join(folder, "2026"), { recursive: true });
      const file = async (name: string, modified: Date) => {
        await writeFile(path.join(folder, name), "{}");
        await utimes(path.join(folder, name), modified, modified);
      };
      const before = (days: number) => new Date(Date.now() - days * DAY_MS);
      await file("2026/old.json", before(9));
      await file("2026/recent.json", before(2));
      // Files changed within the overlap before a walk are looked at again by the next one, whatever their age.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const location = new LocalLocation(folder, root);
      const now = new Date();
      const first = await location.listNew(initialListingState(5, now), now);
      expect(keysOf(first)).toEqual(["2026/recent.json"]);

      // Copied in later with its old modification time kept (cp -p): it arrived after the first walk.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await file("copied.json", before(20));
      expect(keysOf(await location.listNew(first.state, new Date()))).toEqual(["copied.json"]);
    });
  });

  describe("through the pipeline", () => {
    let pipeline: TestPipeline;
    beforeAll(async () => {
      pipeline = await startTestPipeline();
      await pipeline.startWorkers();
    });
    afterAll(() => pipeline.close());

    it("processes the recent files already in a new source's folder, as ordinary ingestion", async () => {
      const folder = path.join(pipeline.logsRoot, "history");
      await mkdir(folder);
      const now = Date.now();
      const dropped = async (name: string, ageDays: number, count: number) => {
        await writeFile(path.join(folder, name), cloudTrailObject(count, { start: new Date(now - ageDays * DAY_MS), idPrefix: name }));
        await utimes(path.join(folder, name), new Date(now - ageDays * DAY_MS), new Date(now - ageDays * DAY_MS));
      };
      await dropped("last-month.json", 30, 100);
      await dropped("last-week.json", 6, 200);
      await dropped("yesterday.json", 1, 300);
      const id = await pipeline.createSource({ name: "history", location: "history", backfillDays: 7 });
      const source = await eventually(() => pipeline.database.db.logSource.findUniqueOrThrow({ where: { id } }), (s) => s.objectsProcessed === 2n);
      expect(source.eventsProcessed).toBe(500n);
      const keys = (await pipeline.database.db.ingestedObject.findMany({ where: { logSourceId: id } })).map((o) => o.objectKey).sort();
      expect(keys).toEqual(["last-week.json", "yesterday.json"]);
    });
  });
});
