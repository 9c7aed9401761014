/**
 * S3 in CloudTrail: which calls are object-level data events (S3 Protection) and what they do —
 * discover (list, read metadata), read object content, or change objects. GuardDuty's S3 threat-intel
 * types are split along exactly these lines (Discovery / Exfiltration / Impact).
 */
import type { CloudTrailEvent } from "../../../events.js";
import { partitionOf } from "../../../findings/partition.js";
import type { S3BucketDetail } from "../../../findings/types.js";
import { field, text } from "./request.js";

export const S3_SOURCE = "s3.amazonaws.com";

export type S3DataApiClass = "discovery" | "read" | "write";

const DATA_API_CLASSES: ReadonlyMap<string, S3DataApiClass> = new Map([
  ...["ListObjects", "ListObjectsV2", "ListBucket", "ListObjectVersions", "ListMultipartUploads", "ListParts", "HeadObject", "HeadBucket"].map(
    (api) => [api, "discovery"] as const,
  ),
  ...["GetObjectAcl", "GetObjectAttributes", "GetObjectTagging", "GetObjectLegalHold", "GetObjectRetention"].map((api) => [api, "discovery"] as const),
  ...["GetObject", "GetObjectTorrent", "SelectObjectContent", "CopyObject", "UploadPartCopy"].map((api) => [api, "read"] as const),
  ...[
    "PutObject",
    "PutObjectAcl",
    "PutObjectTagging",
    "PutObjectLegalHold",
    "PutObjectRetention",
    "DeleteObject",
    "DeleteObjects",
    "DeleteObjectTagging",
    "CreateMultipartUpload",
    "UploadPart",
    "CompleteMultipartUpload",
    "AbortMultipartUpload",
    "RestoreObject",
  ].map((api) => [api, "write"] as const),
]);

/** The class of an S3 data event, or undefined for management events and other services. */
export function s3DataApiClass(event: CloudTrailEvent): S3DataApiClass | undefined {
  if (event.eventSource !== S3_SOURCE || event.eventCategory === "Management") return undefined;
  const known = DATA_API_CLASSES.get(event.eventName);
  if (known) return known;
  if (event.eventCategory !== "Data") return undefined;
  return event.readOnly ? "discovery" : "write";
}

/** The bucket a call names: requestParameters.bucketName, else the S3 bucket in `resources`. */
export function bucketName(event: CloudTrailEvent): string | undefined {
  const named = text(field(event.requestParameters, "bucketName"));
  if (named) return named;
  for (const resource of event.resources ?? []) {
    if (resource.type === "AWS::S3::Bucket" && resource.ARN?.startsWith("arn:")) return resource.ARN.slice(resource.ARN.lastIndexOf(":") + 1);
  }
  return undefined;
}

export function bucketDetail(name: string, region: string, effectivePermission?: "PUBLIC" | "NOT_PUBLIC"): S3BucketDetail {
  const detail: S3BucketDetail = { arn: `arn:${partitionOf(region)}:s3:::${name}`, name, type: "Destination" };
  if (effectivePermission) detail.publicAccess = { effectivePermission };
  return detail;
}
