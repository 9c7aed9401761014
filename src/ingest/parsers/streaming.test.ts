import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { parseLogObject } from "./index.js";

const RECORD_COUNT = 100_000;
const RECORDS_PER_CHUNK = 100;

function cloudTrailRecord(index: number): string {
  return JSON.stringify({
    eventVersion: "1.08",
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::123456789012:user/u${index % 50}`, accountId: "123456789012" },
    eventTime: new Date(Date.UTC(2024, 0, 1) + index * 1000).toISOString(),
    eventSource: "s3.amazonaws.com",
    eventName: index % 2 ? "GetObject" : "ListBuckets",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2",
    requestParameters: { bucketName: "b", key: `k/{${index}}"` },
    eventID: `id-${index}`,
    recipientAccountId: "123456789012",
  });
}

/** A {"Records":[…]} object produced lazily, so the test can see how far ahead of the parser the source had to run. */
function lazyRecordsObject(progress: { produced: number }): Readable {
  function* chunks(): Generator<string> {
    yield '{"Records":[';
    for (let start = 0; start < RECORD_COUNT; start += RECORDS_PER_CHUNK) {
      const records: string[] = [];
      for (let index = start; index < start + RECORDS_PER_CHUNK; index++) records.push(cloudTrailRecord(index));
      progress.produced = start + RECORDS_PER_CHUNK;
      yield (start === 0 ? "" : ",") + records.join(",");
    }
    yield "]}";
  }
  return Readable.from(chunks(), { objectMode: false });
}

describe("a large object streams through in bounded batches", () => {
  it("parses 100,000 CloudTrail records of a gzip'd {Records:[…]} object without reading it all first", async () => {
    const progress = { produced: 0 };
    const source = lazyRecordsObject(progress).pipe(createGzip());
    const { batches, stats } = parseLogObject(source, { objectKey: "big.json.gz", batchSize: 500 });
    let producedAtFirstBatch = -1;
    let batchCount = 0;
    let events = 0;
    let outOfOrder = 0;
    for await (const batch of batches) {
      if (producedAtFirstBatch === -1) producedAtFirstBatch = progress.produced;
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(500);
      for (const event of batch) {
        if ((event as { eventId: string }).eventId !== `id-${events}`) outOfOrder += 1;
        events += 1;
      }
      batchCount += 1;
    }
    expect(outOfOrder).toBe(0);
    expect(events).toBe(RECORD_COUNT);
    expect(batchCount).toBe(RECORD_COUNT / 500);
    expect(stats).toMatchObject({ kind: "CLOUD_TRAIL", records: RECORD_COUNT, events: RECORD_COUNT, broken: 0 });
    expect(producedAtFirstBatch).toBeLessThan(RECORD_COUNT / 10);
  });

  it("parses 100,000 flow log lines with the default batch size", async () => {
    function* lines(): Generator<string> {
      yield "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";
      for (let start = 0; start < RECORD_COUNT; start += 1000) {
        let text = "";
        for (let i = start; i < start + 1000; i++) {
          text += `2 123456789012 eni-0a1b2c3d 10.0.${(i >> 8) & 255}.${i & 255} 203.0.113.9 ${1024 + (i % 60000)} 443 6 3 180 1700000000 1700000060 ACCEPT OK\n`;
        }
        yield text;
      }
    }
    const { batches, stats } = parseLogObject(Readable.from(lines(), { objectMode: false }), { objectKey: "flows.log" });
    const sizes: number[] = [];
    for await (const batch of batches) sizes.push(batch.length);
    expect(sizes).toHaveLength(RECORD_COUNT / 1000);
    expect(new Set(sizes)).toEqual(new Set([1000]));
    expect(stats).toMatchObject({ kind: "VPC_FLOW_LOGS", records: RECORD_COUNT, events: RECORD_COUNT, broken: 0 });
  });
});
