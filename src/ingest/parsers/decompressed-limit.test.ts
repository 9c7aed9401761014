import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { parseLogObject, ObjectTooLargeError } from "./index.js";

const MB = 1024 * 1024;

/** A CloudTrail object padded with whitespace: valid all the way, and it gzips a thousandfold. */
function padded(bytes: number): Buffer {
  return Buffer.concat([Buffer.from('{"Records":['), Buffer.alloc(bytes, " "), Buffer.from("]}")]);
}

/** Hands out a gzip body one 1 KiB slice at a time and counts how much of it was taken. */
function slowly(body: Buffer, taken: { bytes: number }): Readable {
  function* slices(): Generator<Buffer> {
    for (let start = 0; start < body.length; start += 1024) {
      taken.bytes = Math.min(body.length, start + 1024);
      yield body.subarray(start, start + 1024);
    }
  }
  return Readable.from(slices());
}

async function drain(input: Readable, maxBytes: number): Promise<unknown> {
  const { batches } = parseLogObject(input, { objectKey: "bomb.json.gz", kind: "CLOUD_TRAIL", maxBytes });
  try {
    for await (const batch of batches) void batch;
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("the decompressed-bytes limit", () => {
  it("refuses a gzip that expands past the limit and stops reading it near the limit", async () => {
    const body = gzipSync(padded(200 * MB));
    const taken = { bytes: 0 };
    const error = await drain(slowly(body, taken), 4 * MB);
    expect(error).toBeInstanceOf(ObjectTooLargeError);
    expect((error as ObjectTooLargeError).reason).toContain("once decompressed");
    // 200 MB of spaces gzip to ~200 KB: stopping at 4 MB means having read a small fraction of the body.
    expect(taken.bytes).toBeLessThan(body.length / 4);
  });

  it("accepts an object just under the limit, and counts plain text the same way", async () => {
    const records = JSON.stringify({ Records: [{ eventVersion: "1.08", eventTime: "2026-01-01T00:00:00Z", eventName: "ListBuckets", eventSource: "s3.amazonaws.com", awsRegion: "us-east-1", recipientAccountId: "123456789012" }] });
    expect(await drain(Readable.from([gzipSync(records)]), records.length)).toBeUndefined();
    expect(await drain(Readable.from([Buffer.from(records)]), records.length - 1)).toBeInstanceOf(ObjectTooLargeError);
  });
});
