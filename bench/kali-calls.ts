/**
 * CloudTrail records for the end-to-end benches: ordinary calls, and one call from a Kali Linux host by a
 * principal of its own, so each delivery makes one new finding (PenTest:IAMUser/KaliLinux) that a
 * subscriber can attribute to it by the principal's name.
 */
export const ACCOUNT = "111122223333";
export const KALI_FINDING = "PenTest:IAMUser/KaliLinux";
const KALI = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023";
const ORDINARY = "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64";

/** One DescribeInstances call; `kali` makes it come from a Kali host as `user`. */
export function cloudTrailRecord(eventId: string, user: string, kali: boolean): Record<string, unknown> {
  return {
    eventVersion: "1.10",
    eventTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.20",
    userAgent: kali ? KALI : ORDINARY,
    userIdentity: { type: "IAMUser", principalId: `AIDA${user.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, userName: user },
    eventID: eventId,
    eventType: "AwsApiCall",
    readOnly: true,
    recipientAccountId: ACCOUNT,
  };
}

/** Nearest-rank percentile of ascending `sorted`. */
export const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** The principal of a finding a subscription delivered (`resource.accessKeyDetails.userName`). */
export const principalOf = (finding: { resource?: { accessKeyDetails?: { userName?: string } } } | undefined) => finding?.resource?.accessKeyDetails?.userName;
