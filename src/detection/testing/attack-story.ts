/**
 * Test support: a stolen key's hour as CloudTrail records (enumerate, read secrets, create an access
 * key, stop the trail, share a snapshot) and an administrator's ordinary day, built with the real
 * parser. Times are minutes after 2026-03-01 12:00 UTC.
 */
import { apiCall, cloudTrailEvent, type RawRecord } from "./cloudtrail.js";
import type { CloudTrailEvent } from "../events.js";

const START = Date.parse("2026-03-01T12:00:00Z");
let serial = 0;

export function at(minute: number, second = 0): string {
  return new Date(START + minute * 60_000 + second * 1000).toISOString().replace(".000Z", "Z");
}

export function call(minute: number, eventSource: string, eventName: string, overrides: RawRecord = {}): RawRecord {
  serial++;
  return apiCall({
    eventTime: at(minute, serial % 60),
    eventSource,
    eventName,
    eventID: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    readOnly: /^(List|Describe|Get)/.test(eventName),
    ...overrides,
  });
}

const READS: Array<[string, string]> = [
  ["iam.amazonaws.com", "ListUsers"], ["iam.amazonaws.com", "ListRoles"], ["iam.amazonaws.com", "ListPolicies"],
  ["ec2.amazonaws.com", "DescribeInstances"], ["ec2.amazonaws.com", "DescribeVpcs"], ["ec2.amazonaws.com", "DescribeSnapshots"],
  ["s3.amazonaws.com", "ListBuckets"], ["rds.amazonaws.com", "DescribeDBInstances"], ["rds.amazonaws.com", "DescribeDBSnapshots"],
  ["lambda.amazonaws.com", "ListFunctions20150331"], ["sts.amazonaws.com", "GetCallerIdentity"], ["kms.amazonaws.com", "ListKeys"],
];

export function enumeration(minute: number, overrides: RawRecord = {}): RawRecord[] {
  return READS.map(([source, name]) => call(minute, source, name, overrides));
}

export function secretReads(minute: number, count: number, overrides: RawRecord = {}): RawRecord[] {
  return Array.from({ length: count }, (_, i) => call(minute, "secretsmanager.amazonaws.com", "GetSecretValue", { requestParameters: { secretId: `app/secret-${i}` }, ...overrides }));
}

export const createAccessKey = (minute: number, overrides: RawRecord = {}) =>
  call(minute, "iam.amazonaws.com", "CreateAccessKey", { requestParameters: { userName: "backup-svc" }, ...overrides });

export const stopLogging = (minute: number, overrides: RawRecord = {}) =>
  call(minute, "cloudtrail.amazonaws.com", "StopLogging", { requestParameters: { name: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/main" }, ...overrides });

export const shareSnapshot = (minute: number, overrides: RawRecord = {}) =>
  call(minute, "rds.amazonaws.com", "ModifyDBSnapshotAttribute", {
    requestParameters: { dBSnapshotIdentifier: "prod-db-final", attributeName: "restore", valuesToAdd: ["999988887777"] },
    ...overrides,
  });

export const getObjects = (minute: number, count: number, overrides: RawRecord = {}) =>
  Array.from({ length: count }, (_, i) =>
    call(minute, "s3.amazonaws.com", "GetObject", { eventCategory: "Data", requestParameters: { bucketName: "payroll", key: `2026/${i}.csv` }, ...overrides }),
  );

/** The stolen key's story, in attack order. */
export function attackRecords(overrides: RawRecord = {}): RawRecord[] {
  return [...enumeration(1, overrides), ...secretReads(5, 9, overrides), createAccessKey(8, overrides), stopLogging(10, overrides), shareSnapshot(14, overrides)];
}

export function events(records: RawRecord[], object = "test-object.json"): CloudTrailEvent[] {
  return records.map((record, i) => cloudTrailEvent(record, object, i + 1));
}
