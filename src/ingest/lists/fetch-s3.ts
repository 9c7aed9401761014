import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { ListSettings } from "../../config.js";
import { readBounded } from "./bounded-read.js";
import { FetchError, tooLarge } from "./fetch-error.js";

const S3_ERRORS: Record<string, string> = {
  NoSuchKey: "the object does not exist",
  NoSuchBucket: "the bucket does not exist",
  AccessDenied: "access denied (check the credentials and the bucket policy)",
};

/**
 * Reads s3://bucket/key from S3 or an S3-compatible store (VIGIL_LIST_S3_ENDPOINT); credentials come
 * from the AWS SDK's usual chain (environment, shared files, instance role).
 */
export async function fetchS3Object(bucket: string, key: string, s3: ListSettings["s3"], maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const client = new S3Client({ region: s3.region, endpoint: s3.endpoint, forcePathStyle: s3.forcePathStyle, credentials: s3.credentials, maxAttempts: 2 });
  const deadline = AbortSignal.timeout(timeoutMs);
  const timedOut = () => `no complete answer within ${timeoutMs / 1000} s`;
  try {
    let object;
    try {
      object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: deadline });
    } catch (error) {
      if (deadline.aborted) throw new FetchError(timedOut());
      const name = (error as Error).name;
      throw new FetchError(S3_ERRORS[name] ?? `${name}: ${(error as Error).message}`);
    }
    const body = object.Body as Readable | undefined;
    if (!body) throw new FetchError("the object has no content");
    if (object.ContentLength !== undefined && object.ContentLength > maxBytes) {
      body.destroy();
      throw tooLarge(maxBytes, object.ContentLength);
    }
    return await readBounded(body, maxBytes, (error) => (deadline.aborted ? timedOut() : `the download broke off: ${error.message}`));
  } finally {
    client.destroy();
  }
}
