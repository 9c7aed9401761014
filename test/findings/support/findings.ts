import type { Database } from "../../../src/db/prisma";
import type { Finding, FindingAction, FindingResource } from "../../../src/detection/findings/types";
import { upsertFindings } from "../../../src/db/findings/finding-upserts";

export const BASE_TIME = Date.parse("2026-03-01T00:00:00.000Z");
const HOUR = 3_600_000;

const TYPES = ["UnauthorizedAccess:EC2/SSHBruteForce", "Recon:IAMUser/MaliciousIPCaller", "Policy:S3/BucketPublicAccessGranted", "Trojan:EC2/DNSDataExfiltration"];
const USER_NAMES = ["admin", "administrator", "deploy", "ci-bot"];
const AGENTS = ["aws-cli/2.15.0 Python/3.11", "Boto3/1.34.0", "console.amazonaws.com", "Mozilla/5.0 (X11; Linux x86_64)"];

function resourceFor(n: number): FindingResource {
  switch (n % 3) {
    case 0:
      return {
        resourceType: "Instance",
        instanceDetails: {
          instanceId: `i-${String(n % 5).padStart(8, "0")}`,
          availabilityZone: "us-east-1a",
          networkInterfaces: [
            { networkInterfaceId: `eni-${n}`, privateIpAddress: `10.0.0.${n % 7}`, vpcId: "vpc-1" },
            { networkInterfaceId: `eni-${n}b`, privateIpAddress: `10.0.1.${n % 4}`, vpcId: "vpc-1" },
          ],
        },
      };
    case 1:
      return { resourceType: "AccessKey", accessKeyDetails: { accessKeyId: `AKIA${n}`, userName: USER_NAMES[n % USER_NAMES.length], userType: "IAMUser" } };
    default:
      return {
        resourceType: "S3Bucket",
        s3BucketDetails: [{ name: `bucket-${n % 3}`, arn: `arn:aws:s3:::bucket-${n % 3}`, type: "Destination", publicAccess: { effectivePermission: n % 2 ? "PUBLIC" : "NOT_PUBLIC" } }],
      };
  }
}

function actionFor(n: number): FindingAction {
  const remoteIpDetails = { ipAddressV4: `198.51.100.${n % 6}`, country: { countryCode: n % 2 ? "DE" : "US", countryName: n % 2 ? "Germany" : "United States" } };
  switch (n % 4) {
    case 0:
      return {
        actionType: "NETWORK_CONNECTION",
        networkConnectionAction: {
          connectionDirection: n % 8 === 0 ? "INBOUND" : "OUTBOUND",
          protocol: "TCP",
          blocked: n % 5 === 0,
          localPortDetails: { port: 22 + n * 100, portName: "SSH" },
          remoteIpDetails,
        },
      };
    case 1:
    case 2:
      return {
        actionType: "AWS_API_CALL",
        awsApiCallAction: { api: n % 2 ? "ConsoleLogin" : "ListBuckets", serviceName: "signin.amazonaws.com", callerType: "Remote IP", userAgent: AGENTS[Math.floor(n / 4) % AGENTS.length], remoteIpDetails, affectedResources: {} },
      };
    default:
      return { actionType: "DNS_REQUEST", dnsRequestAction: { domain: `c2-${n % 3}.example.com`, protocol: "UDP", blocked: false } };
  }
}

/** A varied, deterministic GuardDuty finding: the n-th of a set for one detector. */
export function syntheticFinding(detectorId: string, accountId: string, n: number): Finding {
  const created = new Date(BASE_TIME + n * HOUR).toISOString();
  const lastSeen = new Date(BASE_TIME + n * HOUR + (n % 3) * HOUR).toISOString();
  const id = `${detectorId.slice(0, 16)}${String(n).padStart(16, "0")}`;
  return {
    schemaVersion: "2.0",
    accountId,
    region: n % 4 === 3 ? "eu-west-1" : "us-east-1",
    partition: "aws",
    id,
    arn: `arn:aws:guardduty:us-east-1:${accountId}:detector/${detectorId}/finding/${id}`,
    type: TYPES[n % TYPES.length],
    title: `Finding ${n}`,
    description: `Synthetic finding ${n}`,
    severity: [2, 5, 8, 5.5][n % 4],
    confidence: [9, 7, 5][n % 3],
    createdAt: created,
    updatedAt: lastSeen,
    resource: resourceFor(n),
    service: {
      serviceName: "guardduty",
      detectorId,
      action: actionFor(n),
      count: 1 + (n % 6),
      eventFirstSeen: created,
      eventLastSeen: lastSeen,
      archived: false,
      resourceRole: n % 2 ? "ACTOR" : "TARGET",
      ...(n % 5 === 1 ? { evidence: { threatIntelligenceDetails: [{ threatListName: n % 2 ? "ProofPoint" : "Custom", threatNames: ["Scanner"] }] } } : {}),
      additionalInfo: { value: "{}", type: "default" },
    },
    vigil: { sourceEvents: [{ object: "synthetic", line: n }], confidenceReason: "A synthetic finding." },
  };
}

/** Stores findings through the pipeline's own upsert. */
export async function storeFindings(db: Database, findings: readonly Finding[], suppressedIds: ReadonlySet<string> = new Set()): Promise<void> {
  await db.$transaction((tx) => upsertFindings(tx, findings, suppressedIds));
}
