/**
 * Which events a rule reads. SigmaHQ's `product: aws, service: cloudtrail`, and Vigil's own names for
 * its other sources: `s3dataevents` (CloudTrail S3 object-level events, obeying the detector's S3
 * Protection switch), `vpcflow` and `route53resolver` (or `dns`).
 */
import type { DataSource } from "../../engine/types.js";
import type { Fail } from "./errors.js";
import type { SigmaLogsource } from "./parse.js";

export type SigmaTarget =
  | { kind: "cloudtrail"; dataSource: "CLOUD_TRAIL" | "S3_DATA_EVENTS" }
  | { kind: "dns"; dataSource: "DNS_QUERY_LOGS" }
  | { kind: "flow"; dataSource: "VPC_FLOW_LOGS" };

const SERVICES: Record<string, SigmaTarget> = {
  cloudtrail: { kind: "cloudtrail", dataSource: "CLOUD_TRAIL" },
  s3dataevents: { kind: "cloudtrail", dataSource: "S3_DATA_EVENTS" },
  vpcflow: { kind: "flow", dataSource: "VPC_FLOW_LOGS" },
  route53resolver: { kind: "dns", dataSource: "DNS_QUERY_LOGS" },
  dns: { kind: "dns", dataSource: "DNS_QUERY_LOGS" },
};

export function targetOf(logsource: SigmaLogsource, fail: Fail): SigmaTarget {
  if (logsource.product !== "aws") fail(["logsource", "product"], `must be 'aws' (Vigil reads AWS logs), not '${logsource.product ?? ""}'`);
  const target = SERVICES[logsource.service ?? ""];
  if (!target) fail(["logsource", "service"], `must be one of ${Object.keys(SERVICES).join(", ")}, not '${logsource.service ?? ""}'`);
  return target!;
}

export const TYPE_PREFIX: Record<DataSource, string> = {
  CLOUD_TRAIL: "Custom:IAMUser/",
  S3_DATA_EVENTS: "Custom:S3/",
  VPC_FLOW_LOGS: "Custom:EC2/",
  DNS_QUERY_LOGS: "Custom:EC2/",
};
