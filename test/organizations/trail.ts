/** CloudTrail records and keys of an organisation trail, for the organisation tests. */

export const ORGANIZATION_ID = "o-exampleorg1";

/** `count` root calls made in `account`, one second apart from `start`: each raises RootCredentialUsage there, one finding counting them all. */
export function rootCalls(account: string, count: number, idPrefix: string, start = Date.UTC(2026, 2, 1, 10)): unknown[] {
  return Array.from({ length: count }, (_, index) => ({
    eventVersion: "1.10",
    eventTime: new Date(start + index * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2.15.0",
    userIdentity: { type: "Root", principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account },
    eventID: `${idPrefix}-${account}-${index}`,
    eventType: "AwsApiCall",
    readOnly: true,
    recipientAccountId: account,
  }));
}

/** The key an organisation trail gives an account's object: `AWSLogs/<org-id>/<account-id>/CloudTrail/<region>/yyyy/mm/dd/…`. */
export function organizationTrailKey(account: string, suffix: string, region = "us-east-1"): string {
  return `AWSLogs/${ORGANIZATION_ID}/${account}/CloudTrail/${region}/2026/03/01/${account}_CloudTrail_${region}_20260301T1005Z_${suffix}.json.gz`;
}

export function trailObject(records: unknown[]): string {
  return JSON.stringify({ Records: records });
}
