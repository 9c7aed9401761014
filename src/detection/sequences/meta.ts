/** The two attack-sequence finding types Vigil raises (GuardDuty Extended Threat Detection, Critical). */
import type { FindingTypeMeta } from "../engine/types.js";

const AGGREGATION = "account + the sequence's first principal (else access key, else address): new signals extend the open sequence";
const NOTE =
  "Signals are findings of every CloudTrail rule and model plus weak signals (sensitive calls, denied calls, enumeration); a sequence needs 3 stages in attack order and a weighted score of 12 (README \"Attack sequences\")";

export const COMPROMISED_CREDENTIALS: FindingTypeMeta = {
  type: "AttackSequence:IAM/CompromisedCredentials",
  severity: 9,
  severityVaries: "9 for three stages in attack order, 10 when the story reaches all four",
  dataSource: "CLOUD_TRAIL",
  method: "RULE",
  resourceType: "AccessKey",
  resourceRole: "ACTOR",
  title: "Potential credential compromise of {principal} indicated by a sequence of actions.",
  description: "{timeline}",
  mitre: { tactic: "Multiple", technique: "T1078.004 Valid Accounts: Cloud Accounts" },
  aggregation: AGGREGATION,
  catalogueNote: NOTE,
};

export const COMPROMISED_DATA: FindingTypeMeta = {
  ...COMPROMISED_CREDENTIALS,
  type: "AttackSequence:S3/CompromisedData",
  dataSource: "S3_DATA_EVENTS",
  resourceType: "S3Bucket",
  resourceRole: "TARGET",
  title: "Potential data compromise of S3 bucket(s) {buckets} by {principal} indicated by a sequence of actions.",
  severityVaries: "as AttackSequence:IAM/CompromisedCredentials; raised beside it when the story reads, exposes or destroys S3 data",
};
