import type { Indicators } from "./indicators.js";
import { publicIpv4, privateIpv4, type Random } from "./random.js";

/**
 * Realistic CloudTrail records: a weighted mix of the APIs busy accounts call, by IAM users, role
 * sessions (including EC2 instance roles), AWS services and rarely root, from SDKs, the CLI and the
 * console. A known share comes from malicious or Tor addresses, and a few carry attacker behaviour
 * (logging stopped, Kali user agents), so the detections have real work to do.
 */
export type CloudTrailMix = { accountId: string; maliciousShare: number; startTime: number };

type Api = readonly [source: string, name: string, readOnly: boolean, category: "Management" | "Data"];

const APIS: ReadonlyArray<readonly [Api, number]> = [
  [["ec2.amazonaws.com", "DescribeInstances", true, "Management"], 18],
  [["s3.amazonaws.com", "GetObject", true, "Data"], 16],
  [["kms.amazonaws.com", "Decrypt", true, "Management"], 10],
  [["sts.amazonaws.com", "AssumeRole", false, "Management"], 10],
  [["s3.amazonaws.com", "PutObject", false, "Data"], 8],
  [["sts.amazonaws.com", "GetCallerIdentity", true, "Management"], 5],
  [["ssm.amazonaws.com", "GetParameter", true, "Management"], 5],
  [["lambda.amazonaws.com", "Invoke", false, "Data"], 4],
  [["s3.amazonaws.com", "ListBuckets", true, "Management"], 3],
  [["iam.amazonaws.com", "ListUsers", true, "Management"], 3],
  [["secretsmanager.amazonaws.com", "GetSecretValue", true, "Management"], 2],
  [["ec2.amazonaws.com", "RunInstances", false, "Management"], 1],
  [["signin.amazonaws.com", "ConsoleLogin", false, "Management"], 1],
  [["iam.amazonaws.com", "CreateAccessKey", false, "Management"], 0.3],
  [["s3.amazonaws.com", "PutBucketPolicy", false, "Management"], 0.2],
  [["cloudtrail.amazonaws.com", "StopLogging", false, "Management"], 0.05],
];

const USER_AGENTS: ReadonlyArray<readonly [string, number]> = [
  ["aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.167.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances", 5],
  ["Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.10.210-201.852.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51", 5],
  ["aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.0 md/GOOS#linux md/GOARCH#amd64 api/s3#1.51.1", 3],
  ["aws-sdk-java/2.25.6 Linux/5.10.209-198.858.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy", 2],
  ["console.amazonaws.com", 2],
  ["AWS Internal", 1],
];

const KALI_AGENT = "aws-cli/2.13.4 Python/3.11.4 Linux/6.3.0-kali1-amd64 exe/x86_64.kali.2023 prompt/off command/s3.ls";
const ROLES = ["app-backend", "ci-deployer", "data-pipeline", "ReadOnlyAudit", "lambda-exec"];
const USERS = ["alice", "bob", "carol", "deploy-bot", "analytics"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

function identity(random: Random, accountId: string, sessionStart: string) {
  const kind = random.weighted([["role", 6], ["user", 3], ["service", 1], ["instance", 2], ["root", 0.05]] as const);
  if (kind === "user") {
    const userName = random.pick(USERS);
    return { type: "IAMUser", principalId: `AIDA${random.hex(16).toUpperCase()}`, arn: `arn:aws:iam::${accountId}:user/${userName}`, accountId, accessKeyId: `AKIA${random.hex(16).toUpperCase()}`, userName };
  }
  if (kind === "root") {
    return { type: "Root", principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId, accessKeyId: `ASIA${random.hex(16).toUpperCase()}` };
  }
  if (kind === "service") return { type: "AWSService", invokedBy: random.pick(["ec2.amazonaws.com", "lambda.amazonaws.com", "cloudformation.amazonaws.com"]) };
  const role = kind === "instance" ? "ec2-instance-role" : random.pick(ROLES);
  const session = kind === "instance" ? `i-0${random.hex(16)}` : `${role}-${random.hex(8)}`;
  const roleId = `AROA${random.hex(16).toUpperCase()}`;
  return {
    type: "AssumedRole",
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    accountId,
    accessKeyId: `ASIA${random.hex(16).toUpperCase()}`,
    sessionContext: {
      sessionIssuer: { type: "Role", principalId: roleId, arn: `arn:aws:iam::${accountId}:role/${role}`, accountId, userName: role },
      webIdFederationData: {},
      attributes: { creationDate: sessionStart, mfaAuthenticated: "false" },
      ...(kind === "instance" ? { ec2RoleDelivery: "2.0" } : {}),
    },
  };
}

function requestParameters(random: Random, api: Api, accountId: string) {
  switch (api[1]) {
    case "GetObject":
    case "PutObject":
      return { bucketName: `acme-${random.pick(["logs", "assets", "reports", "backups"])}`, key: `data/${random.hex(8)}/${random.hex(12)}.json`, Host: "s3.amazonaws.com" };
    case "DescribeInstances":
      return { instancesSet: {}, filterSet: { items: [{ name: "instance-state-name", valueSet: { items: [{ value: "running" }] } }] } };
    case "AssumeRole":
      return { roleArn: `arn:aws:iam::${accountId}:role/${random.pick(ROLES)}`, roleSessionName: `session-${random.hex(6)}`, durationSeconds: 3600 };
    case "Decrypt":
      return { encryptionAlgorithm: "SYMMETRIC_DEFAULT", encryptionContext: { "aws:lambda:FunctionArn": `arn:aws:lambda:us-east-1:${accountId}:function:worker` } };
    case "GetParameter":
      return { name: `/app/${random.pick(["db", "api", "cache"])}/endpoint`, withDecryption: false };
    case "StopLogging":
      return { name: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/management-events` };
    case "PutBucketPolicy":
      return { bucketName: "acme-assets", bucketPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-assets/*" }] }, policy: "" };
    default:
      return null;
  }
}

export function* cloudTrailRecords(random: Random, mix: CloudTrailMix, indicators: Indicators): Generator<Record<string, unknown>> {
  for (let i = 0; ; i++) {
    const time = new Date(mix.startTime + i * 37).toISOString().replace(/\.\d{3}Z$/, "Z");
    const api = random.weighted(APIS);
    const malicious = random.chance(mix.maliciousShare);
    const actor = identity(random, mix.accountId, time);
    const internalCall = actor.type === "AWSService";
    // Instance-role credentials normally stay on their instance: the call comes from inside the VPC.
    const onInstance = "sessionContext" in actor && actor.sessionContext !== undefined && "ec2RoleDelivery" in actor.sessionContext;
    const sourceIPAddress = malicious
      ? random.pick(random.chance(0.5) ? indicators.maliciousIps : indicators.torExits)
      : internalCall
        ? String((actor as { invokedBy: string }).invokedBy)
        : onInstance || random.chance(0.3)
          ? privateIpv4(random)
          : publicIpv4(random);
    const failed = random.chance(0.02);
    yield {
      eventVersion: "1.09",
      userIdentity: actor,
      eventTime: time,
      eventSource: api[0],
      eventName: api[1],
      awsRegion: random.pick(REGIONS),
      sourceIPAddress,
      userAgent: malicious && random.chance(0.2) ? KALI_AGENT : random.weighted(USER_AGENTS),
      ...(failed ? { errorCode: "AccessDenied", errorMessage: "User is not authorized to perform this operation" } : {}),
      requestParameters: requestParameters(random, api, mix.accountId),
      responseElements: null,
      requestID: random.hex(32),
      eventID: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`,
      readOnly: api[2],
      eventType: api[1] === "ConsoleLogin" ? "AwsConsoleSignIn" : "AwsApiCall",
      managementEvent: api[3] === "Management",
      recipientAccountId: mix.accountId,
      eventCategory: api[3],
      tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `${api[0].split(".")[0]}.us-east-1.amazonaws.com` },
    };
  }
}

/** One CloudTrail object as delivered to S3 (`{"Records":[…]}`) of about `targetBytes`, in chunks, so any size fits in memory. */
export function* cloudTrailObjectChunks(random: Random, mix: CloudTrailMix, indicators: Indicators, targetBytes: number): Generator<string> {
  yield '{"Records":[';
  let bytes = 0;
  let chunk: string[] = [];
  let chunkBytes = 0;
  for (const record of cloudTrailRecords(random, mix, indicators)) {
    const json = (bytes === 0 ? "" : ",") + JSON.stringify(record);
    chunk.push(json);
    bytes += json.length;
    chunkBytes += json.length;
    if (chunkBytes >= 1 << 16) {
      yield chunk.join("");
      chunk = [];
      chunkBytes = 0;
    }
    if (bytes >= targetBytes) break;
  }
  yield `${chunk.join("")}]}`;
}
