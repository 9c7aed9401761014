import type { Finding } from "../../../detection/findings/types.js";

/** The resource a finding is about, named as ASFF's resource types and an ARN-or-id. */
export type AffectedResource = { asffType: "AwsEc2Instance" | "AwsIamAccessKey" | "AwsS3Bucket" | "Other"; id: string; name: string };

export function affectedResources(finding: Finding): AffectedResource[] {
  const { resource, partition, region, accountId } = finding;
  if (resource.resourceType === "Instance" && resource.instanceDetails) {
    const instanceId = resource.instanceDetails.instanceId;
    return [{ asffType: "AwsEc2Instance", id: `arn:${partition}:ec2:${region}:${accountId}:instance/${instanceId}`, name: instanceId }];
  }
  if (resource.resourceType === "S3Bucket" && resource.s3BucketDetails?.length) {
    return resource.s3BucketDetails.map((bucket) => ({ asffType: "AwsS3Bucket", id: bucket.arn ?? `arn:${partition}:s3:::${bucket.name}`, name: bucket.name }));
  }
  if (resource.resourceType === "AccessKey" && resource.accessKeyDetails) {
    const key = resource.accessKeyDetails;
    return [{ asffType: "AwsIamAccessKey", id: key.accessKeyId ?? key.principalId ?? "unknown", name: key.userName ?? key.accessKeyId ?? "unknown" }];
  }
  return [{ asffType: "Other", id: `arn:${partition}:guardduty:${region}:${accountId}:resource/${resource.resourceType}`, name: resource.resourceType }];
}
