import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Credentials } from "../../ingest/locations/s3-credentials.js";
import { type AddressPolicy, checkLiteralAddress, policyLookup } from "./address-policy.js";

export type S3Destination = { bucket: string; prefix: string; region: string; endpoint: string | null; credentials: S3Credentials | null };

/**
 * A client that connects only where the destination policy allows (a custom endpoint is a client's
 * URL like a webhook's). Without credentials of the destination's, the worker's own are used.
 */
export function destinationS3Client(destination: S3Destination, policy: AddressPolicy, timeoutMs: number): S3Client {
  if (destination.endpoint) checkLiteralAddress(new URL(destination.endpoint), policy);
  const lookup = policyLookup(policy);
  const credentials = destination.credentials?.type === "ACCESS_KEY" ? destination.credentials : null;
  return new S3Client({
    region: destination.region,
    // S3-compatible stores (MinIO, Ceph, s3rver) answer on one host: path-style addressing.
    ...(destination.endpoint ? { endpoint: destination.endpoint, forcePathStyle: true } : {}),
    credentials: credentials ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken } : undefined,
    maxAttempts: 1, // the publish queue retries, with backoff
    requestHandler: { httpAgent: new http.Agent({ lookup }), httpsAgent: new https.Agent({ lookup }), requestTimeout: timeoutMs },
  });
}

/** GuardDuty's layout: `<prefix>/AWSLogs/<account>/GuardDuty/<region>/<yyyy>/<mm>/<dd>/<id>.jsonl`. */
function exportKey(prefix: string, accountId: string, region: string, at: Date): string {
  const date = at.toISOString().slice(0, 10).split("-");
  return [prefix, "AWSLogs", accountId, "GuardDuty", region, ...date, `${randomUUID()}.jsonl`].filter((part) => part !== "").join("/");
}

/** A record of an export (in the destination's format) with the account and region of its finding. */
export type ExportRecord = { accountId: string; region: string; record: object };

/** One JSON-lines object per account and region of the findings. */
export async function exportFindings(client: S3Client, destination: Pick<S3Destination, "bucket" | "prefix">, records: readonly ExportRecord[], at = new Date()): Promise<void> {
  const groups = new Map<string, ExportRecord[]>();
  for (const record of records) {
    const key = `${record.accountId}/${record.region}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  for (const [group, members] of groups) {
    const [accountId, region] = group.split("/");
    await client.send(
      new PutObjectCommand({
        Bucket: destination.bucket,
        Key: exportKey(destination.prefix, accountId, region, at),
        Body: members.map((member) => JSON.stringify(member.record)).join("\n") + "\n",
        ContentType: "application/x-ndjson",
      }),
    );
  }
}
