/**
 * The threat-intelligence types of CloudTrail callers. IAMUser types cover management events (and
 * every non-S3 call); S3 types cover S3 object-level data events (S3 Protection). ".Custom" types
 * come from the account's own threat lists, the others from managed feeds.
 */
import { SEVERITY, type DetectionMethod, type FindingTypeMeta } from "../../../engine/types.js";

type Spec = { type: string; severity: number; method: DetectionMethod; source: string };

function iam({ type, severity, method, source }: Spec, recon: boolean): FindingTypeMeta {
  return {
    type,
    severity,
    dataSource: "CLOUD_TRAIL",
    method,
    resourceType: "AccessKey",
    resourceRole: "TARGET",
    title: recon ? `Reconnaissance API {api} was invoked from ${source} {caller}.` : `API {api} was invoked from ${source} {caller}.`,
    description:
      `{principal} called {api} ({service}) from {caller}, which is on {lists}. ` +
      (recon
        ? "Listing and describing resources from such an address is how attackers map an account before acting on it."
        : "Calls from such an address suggest the credentials are in the wrong hands."),
    mitre: recon
      ? { tactic: "Discovery", technique: "T1580 Cloud Infrastructure Discovery" }
      : { tactic: "Initial Access", technique: "T1078.004 Valid Accounts: Cloud Accounts" },
    aggregation: "account + principal (the newest caller address is shown)",
  };
}

function s3({ type, severity, method, source }: Spec, what: string, technique: { tactic: string; technique: string }): FindingTypeMeta {
  return {
    type,
    severity,
    dataSource: "S3_DATA_EVENTS",
    method,
    resourceType: "S3Bucket",
    resourceRole: "TARGET",
    title: `S3 API {api} was invoked on bucket {bucket} from ${source} {caller}.`,
    description: `{principal} called {api} on bucket {bucket} from {caller}, which is on {lists}. ${what}`,
    mitre: technique,
    aggregation: "account + bucket + principal (the newest caller address is shown)",
  };
}

const MALICIOUS = "known malicious IP address";
const CUSTOM = "IP address on a custom threat list";
const TOR = "Tor exit node";
const S3_DISCOVERY = { tactic: "Discovery", technique: "T1619 Cloud Storage Object Discovery" };
const S3_READ = { tactic: "Exfiltration", technique: "T1530 Data from Cloud Storage" };
const S3_WRITE = { tactic: "Impact", technique: "T1485 Data Destruction" };
const S3_ACCESS = { tactic: "Initial Access", technique: "T1078.004 Valid Accounts: Cloud Accounts" };

export const RECON_MALICIOUS_IP = iam({ type: "Recon:IAMUser/MaliciousIPCaller", severity: SEVERITY.MEDIUM, method: "TI", source: MALICIOUS }, true);
export const RECON_MALICIOUS_IP_CUSTOM = iam({ type: "Recon:IAMUser/MaliciousIPCaller.Custom", severity: SEVERITY.MEDIUM, method: "CUST", source: CUSTOM }, true);
export const RECON_TOR = iam({ type: "Recon:IAMUser/TorIPCaller", severity: SEVERITY.MEDIUM, method: "TI", source: TOR }, true);
export const UNAUTHORIZED_MALICIOUS_IP = iam({ type: "UnauthorizedAccess:IAMUser/MaliciousIPCaller", severity: SEVERITY.MEDIUM, method: "TI", source: MALICIOUS }, false);
export const UNAUTHORIZED_MALICIOUS_IP_CUSTOM = iam(
  { type: "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom", severity: SEVERITY.MEDIUM, method: "CUST", source: CUSTOM },
  false,
);
export const UNAUTHORIZED_TOR = iam({ type: "UnauthorizedAccess:IAMUser/TorIPCaller", severity: SEVERITY.MEDIUM, method: "TI", source: TOR }, false);

export const S3_DISCOVERY_MALICIOUS_IP = s3(
  { type: "Discovery:S3/MaliciousIPCaller", severity: SEVERITY.HIGH, method: "TI", source: MALICIOUS },
  "Listing a bucket or reading object metadata from such an address is reconnaissance of its data.",
  S3_DISCOVERY,
);
export const S3_DISCOVERY_MALICIOUS_IP_CUSTOM = s3(
  { type: "Discovery:S3/MaliciousIPCaller.Custom", severity: SEVERITY.HIGH, method: "CUST", source: CUSTOM },
  "Listing a bucket or reading object metadata from such an address is reconnaissance of its data.",
  S3_DISCOVERY,
);
export const S3_DISCOVERY_TOR = s3(
  { type: "Discovery:S3/TorIPCaller", severity: SEVERITY.MEDIUM, method: "TI", source: TOR },
  "Listing a bucket or reading object metadata through Tor hides who is looking at the data.",
  S3_DISCOVERY,
);
export const S3_EXFILTRATION_MALICIOUS_IP = s3(
  { type: "Exfiltration:S3/MaliciousIPCaller", severity: SEVERITY.HIGH, method: "TI", source: MALICIOUS },
  "Reading or copying objects from such an address may be data theft.",
  S3_READ,
);
export const S3_IMPACT_MALICIOUS_IP = s3(
  { type: "Impact:S3/MaliciousIPCaller", severity: SEVERITY.HIGH, method: "TI", source: MALICIOUS },
  "Writing, re-permissioning or deleting objects from such an address may be tampering or destruction.",
  S3_WRITE,
);
export const S3_UNAUTHORIZED_MALICIOUS_IP_CUSTOM = s3(
  { type: "UnauthorizedAccess:S3/MaliciousIPCaller.Custom", severity: SEVERITY.HIGH, method: "CUST", source: CUSTOM },
  "Object access from such an address suggests the credentials or the bucket are being abused.",
  S3_ACCESS,
);
export const S3_UNAUTHORIZED_TOR = s3(
  { type: "UnauthorizedAccess:S3/TorIPCaller", severity: SEVERITY.HIGH, method: "TI", source: TOR },
  "Object access through Tor hides who is reading or changing the data.",
  S3_ACCESS,
);
