/**
 * CloudTrail as AWS delivers it to S3, generated: `{"Records":[…]}` objects under the AWS key layout.
 * Most records are ordinary calls; every ROOT_EVERY-th is a root call (one RootCredentialUsage finding
 * per account, counting them all) and every KALI_EVERY-th comes from a Kali Linux host, spread over
 * KALI_PRINCIPALS users (one PenTest finding per user).
 */
export const ACCOUNT = "111122223333";
export const ROOT_EVERY = 100;
export const KALI_EVERY = 250;
export const KALI_PRINCIPALS = 7;

export function cloudTrailKey(region: string, at: Date, suffix: string, account = ACCOUNT): string {
  const iso = at.toISOString();
  const [date] = iso.split("T");
  const [yyyy, mm, dd] = date.split("-");
  const stamp = `${yyyy}${mm}${dd}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
  return `AWSLogs/${account}/CloudTrail/${region}/${yyyy}/${mm}/${dd}/${account}_CloudTrail_${region}_${stamp}_${suffix}.json.gz`;
}

function record(index: number, start: number, region: string, idPrefix: string): Record<string, unknown> {
  const root = index % ROOT_EVERY === ROOT_EVERY - 1;
  const kali = !root && index % KALI_EVERY === KALI_EVERY - 1;
  const user = `user${index % KALI_PRINCIPALS}`;
  return {
    eventVersion: "1.10",
    eventTime: new Date(start + index * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: root ? "s3.amazonaws.com" : "ec2.amazonaws.com",
    eventName: root ? "ListBuckets" : "DescribeInstances",
    awsRegion: region,
    sourceIPAddress: "198.51.100.20",
    userAgent: kali ? "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023" : "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64",
    userIdentity: root
      ? { type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: "ASIAROOTEXAMPLE00001" }
      : { type: "IAMUser", principalId: `AIDA${user.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, accessKeyId: `AKIA${user.toUpperCase()}EXAMPLE`, userName: user },
    requestParameters: null,
    responseElements: null,
    eventID: `${idPrefix}-${index}`,
    eventType: "AwsApiCall",
    readOnly: true,
    recipientAccountId: ACCOUNT,
  };
}

/** The JSON text of one delivered object with `count` records, compact as CloudTrail writes it. */
export function cloudTrailObject(count: number, options: { start: Date; region?: string; idPrefix: string }): string {
  const region = options.region ?? "us-east-1";
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(JSON.stringify(record(i, options.start.getTime(), region, options.idPrefix)));
  return `{"Records":[${parts.join(",")}]}`;
}

/** Findings `count` generated records yield: root calls, and Kali calls per user. */
export function expectedFindings(count: number): { root: number; kaliByUser: Map<string, number> } {
  let root = 0;
  const kaliByUser = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (i % ROOT_EVERY === ROOT_EVERY - 1) root++;
    else if (i % KALI_EVERY === KALI_EVERY - 1) kaliByUser.set(`user${i % KALI_PRINCIPALS}`, (kaliByUser.get(`user${i % KALI_PRINCIPALS}`) ?? 0) + 1);
  }
  return { root, kaliByUser };
}
