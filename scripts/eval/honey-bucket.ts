/**
 * OTRF's S3 honey-bucket log (a CSV export of anonymous requests to a public bucket, real source
 * addresses and user agents). Every row is reconnaissance, but no row is labelled with a GuardDuty
 * type, so this is a consistency check of the S3 threat-intel types against the shared lists: a row
 * whose address is on a list should raise the S3 type of its API, and no other row should raise
 * anything. Rows become CloudTrail data events; the bucket owner's account is not in the export, so
 * a placeholder stands in.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { DetectionEngine } from "../../src/detection/engine/engine.js";
import type { DetectionContext } from "../../src/detection/engine/types.js";
import { parseRecords, typesRaised, type RawRecord } from "./records.js";

const OWNER_PLACEHOLDER = "000000000000";

type Row = Record<string, string>;

/** The export writes Python dict reprs ({'type': 'AWSAccount'}); their quoting is the only difference from JSON here. */
function pythonDict(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text.replaceAll("'", '"')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function toCloudTrail(row: Row): RawRecord {
  const parameters = pythonDict(row["Request Parameters"]);
  const host = typeof parameters?.Host === "string" ? parameters.Host : "";
  const region = /s3[.-]([a-z]{2}-[a-z]+-\d)\./.exec(host)?.[1] ?? "us-east-1";
  return {
    eventVersion: "1.08",
    eventTime: row["Event DateTime"],
    eventSource: "s3.amazonaws.com",
    eventName: row["Event Name"],
    eventType: row["Event Type"],
    eventCategory: "Data",
    awsRegion: region,
    sourceIPAddress: row["Source IP"],
    userAgent: row["Request User Agent"],
    userIdentity: pythonDict(row["User ID"]) ?? { type: "Unknown" },
    requestParameters: parameters,
    eventID: row["Event ID"],
    recipientAccountId: OWNER_PLACEHOLDER,
  };
}

export type HoneyBucketResult = {
  rows: number;
  listedRows: number;
  listedRowsWithFinding: number;
  unlistedRowsWithFinding: number;
  types: Map<string, number>;
};

/** `isListed` says whether an address is on one of the lists the context's intel was built from. */
export async function evaluateHoneyBucket(
  dataDir: string,
  engine: DetectionEngine,
  context: DetectionContext,
  isListed: (address: string) => boolean,
): Promise<HoneyBucketResult> {
  const csv = gunzipSync(readFileSync(path.join(dataDir, "otrf-security-datasets-aws", "AWS_S3_HoneyBucketLogs.csv.gz"))).toString("utf8");
  const rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
  const result: HoneyBucketResult = { rows: rows.length, listedRows: 0, listedRowsWithFinding: 0, unlistedRowsWithFinding: 0, types: new Map() };
  const { events } = await parseRecords(rows.map(toCloudTrail), "otrf/AWS_S3_HoneyBucketLogs.csv");
  for (const event of events) {
    if (event.kind !== "cloudtrail") continue;
    const raised = typesRaised(engine, [event], context);
    const listed = isListed(event.sourceIp);
    if (listed) result.listedRows++;
    if (raised.size > 0 && listed) result.listedRowsWithFinding++;
    if (raised.size > 0 && !listed) result.unlistedRowsWithFinding++;
    for (const type of raised) result.types.set(type, (result.types.get(type) ?? 0) + 1);
  }
  return result;
}
