/**
 * Test support for rule modules: CloudTrail records (as logged) turned into events by the real
 * parser, and a detection context whose lists are given inline.
 */
import { loadAwsRanges } from "../../reference-data/aws-ranges.js";
import { loadNameReference } from "../../reference-data/domain-names.js";
import { DEFAULT_SETTINGS, type CloudTrailRule, type DetectionContext, type DetectorSettings, type FindingCandidate } from "../engine/types.js";
import type { CloudTrailEvent } from "../events.js";
import type { GeoLookup } from "../geo/geo-lookup.js";
import type { IntelLookup, ThreatMatch } from "../intel/lookup.js";
import { toCloudTrailEvent } from "../../ingest/parsers/cloudtrail-event.js";

export type RawRecord = Record<string, unknown>;

export function cloudTrailEvent(record: RawRecord, object = "test-object.json", line = 1): CloudTrailEvent {
  const event = toCloudTrailEvent(record, { object, line }, {});
  if (typeof event === "string") throw new Error(`fixture is not a CloudTrail record: ${event}`);
  return event;
}

/** A plain API call by an IAM user from a public address; tests override what matters to them. */
export function apiCall(overrides: RawRecord = {}): RawRecord {
  return {
    eventVersion: "1.10",
    eventTime: "2026-03-01T10:00:00Z",
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    awsRegion: "eu-west-1",
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64 prompt/off",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLEUSER00001",
      arn: "arn:aws:iam::111122223333:user/alice",
      accountId: "111122223333",
      accessKeyId: "AKIAEXAMPLEKEY000001",
      userName: "alice",
    },
    requestParameters: null,
    responseElements: null,
    eventID: "00000000-0000-4000-8000-000000000001",
    eventType: "AwsApiCall",
    readOnly: true,
    recipientAccountId: "111122223333",
    ...overrides,
  };
}

/** The userIdentity of an EC2 instance-profile session (session name = instance id, ec2RoleDelivery set), as CloudTrail logs it. */
export const INSTANCE_SESSION = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLEROLE00001:i-0123456789abcdef0",
  arn: "arn:aws:sts::111122223333:assumed-role/web-server/i-0123456789abcdef0",
  accountId: "111122223333",
  accessKeyId: "ASIAEXAMPLEKEY000001",
  sessionContext: {
    sessionIssuer: { type: "Role", principalId: "AROAEXAMPLEROLE00001", arn: "arn:aws:iam::111122223333:role/web-server", accountId: "111122223333", userName: "web-server" },
    attributes: { creationDate: "2026-03-01T09:00:00Z", mfaAuthenticated: "false" },
    ec2RoleDelivery: "2.0",
  },
};

export type InlineLists = {
  /** Address → its threat matches, for every account. */
  threats?: Record<string, Array<Omit<ThreatMatch, "entry">>>;
  trusted?: string[];
  trustedDomains?: string[];
};

export function inlineIntel(lists: InlineLists = {}): IntelLookup {
  return {
    isTrustedIp: (_account, ip) => lists.trusted?.includes(ip) ?? false,
    isTrustedDomain: (_account, domain) => lists.trustedDomains?.includes(domain) ?? false,
    matchIp: (_account, ip) => (lists.threats?.[ip] ?? []).map((match) => ({ ...match, entry: ip })),
    matchDomain: () => [],
  };
}

const noGeo: GeoLookup = { lookup: (address) => ({ ipAddressV4: address }) };

export function testContext(lists: InlineLists = {}, settings: Partial<DetectorSettings> = {}): DetectionContext {
  return { intel: inlineIntel(lists), awsRanges: loadAwsRanges(), names: loadNameReference(), geo: noGeo, settings: { ...DEFAULT_SETTINGS, ...settings } };
}

/** Runs one rule the way the engine would (trigger check included) and returns what it emitted. */
export function runRule(rule: CloudTrailRule, record: RawRecord, context: DetectionContext = testContext()): FindingCandidate[] {
  const event = cloudTrailEvent(record);
  const routed = !rule.triggers || rule.triggers.some((t) => t.eventSource === event.eventSource && t.eventNames.includes(event.eventName));
  const emitted: FindingCandidate[] = [];
  if (routed) rule.evaluate(event, context, (candidate) => emitted.push(candidate));
  return emitted;
}

export function types(candidates: FindingCandidate[]): string[] {
  return candidates.map((candidate) => candidate.meta.type);
}
