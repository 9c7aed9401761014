/**
 * What a Sigma field path reads in each kind of event, and the finding candidate of a match. CloudTrail
 * and Route 53 Resolver rules read the record as logged; flow rules read AWS's flow-log field names
 * (`srcaddr`, `dstport`, `action`, `interface-id`…).
 */
import type { CloudTrailEvent, DnsEvent, FlowEvent, VigilEvent } from "../../events.js";
import type { FindingCandidate, FindingTypeMeta } from "../../engine/types.js";
import { apiCallCandidate } from "../../rules/cloudtrail/shared/candidate.js";
import { principalLabel } from "../../rules/cloudtrail/shared/identity.js";
import { dnsCandidate } from "../../rules/dns/shared/candidate.js";
import { flowSource } from "../../findings/source-ref.js";

export function flowRecord(event: FlowEvent): Record<string, unknown> {
  return {
    ...event.extra,
    version: event.version,
    "account-id": event.accountId,
    region: event.region,
    "interface-id": event.interfaceId,
    "instance-id": event.instanceId,
    "vpc-id": event.vpcId,
    "subnet-id": event.subnetId,
    srcaddr: event.srcAddr,
    dstaddr: event.dstAddr,
    srcport: event.srcPort,
    dstport: event.dstPort,
    protocol: event.protocol,
    packets: event.packets,
    bytes: event.bytes,
    start: event.time / 1000,
    end: event.end / 1000,
    action: event.action,
    "log-status": event.logStatus,
    "tcp-flags": event.tcpFlags,
    "flow-direction": event.flowDirection,
    "pkt-srcaddr": event.pktSrcAddr,
    "pkt-dstaddr": event.pktDstAddr,
    "pkt-src-aws-service": event.pktSrcAwsService,
    "pkt-dst-aws-service": event.pktDstAwsService,
    "traffic-path": event.trafficPath,
  };
}

export function recordOf(event: VigilEvent): Record<string, unknown> {
  return event.kind === "flow" ? flowRecord(event) : event.raw;
}

/** A reference an analyst can find the matched event by: its eventID, else log object and line. */
export function eventReference(event: VigilEvent): string {
  return event.kind === "cloudtrail" && event.eventId ? event.eventId : `${event.origin.object}#${event.origin.line ?? 0}`;
}

export type SigmaRuleInfo = { title: string; id: string; author: string; level: string };

type MatchDetails = {
  rule: SigmaRuleInfo;
  matched: readonly string[];
  /**
   * The aggregation key after the account and rule: a window's group; undefined for one event, whose
   * finding is its own (a Sigma rule alerts per event, and the finding must name every event it matched;
   * aggregating across events is what `count()` says). A retried event still lands on the same finding.
   */
  group?: readonly string[];
  count?: number;
};

function additionalInfo(details: MatchDetails): Record<string, unknown> {
  const { title, id, author, level } = details.rule;
  return { sigma: { title, id, author, level, matchedEvents: details.matched, ...(details.count === undefined ? {} : { count: details.count }) } };
}

function templateValues(rule: SigmaRuleInfo, subject: string): Record<string, string> {
  return { ruleTitle: rule.title, ruleId: rule.id, ruleAuthor: rule.author, subject };
}

function bucketOf(event: CloudTrailEvent): string | undefined {
  const name = event.requestParameters?.bucketName;
  return typeof name === "string" ? name : undefined;
}

function cloudTrailCandidate(meta: FindingTypeMeta, event: CloudTrailEvent, details: MatchDetails): FindingCandidate {
  const bucket = bucketOf(event);
  return apiCallCandidate(meta, event, {
    key: [details.rule.id, ...(details.group ?? [eventReference(event)])],
    buckets: bucket ? [{ name: bucket, arn: `arn:aws:s3:::${bucket}`, type: "Destination" }] : [],
    templateValues: templateValues(details.rule, `${event.eventName} by ${principalLabel(event.identity)}`),
    additionalInfo: additionalInfo(details),
  });
}

function dnsRuleCandidate(meta: FindingTypeMeta, event: DnsEvent, details: MatchDetails): FindingCandidate {
  return dnsCandidate(meta, event, {
    key: [details.rule.id, ...(details.group ?? [eventReference(event)])],
    templateValues: templateValues(details.rule, `a query for ${event.queryName}`),
    additionalInfo: additionalInfo(details),
  });
}

function flowCandidate(meta: FindingTypeMeta, event: FlowEvent, details: MatchDetails): FindingCandidate {
  const inbound = event.flowDirection === "ingress";
  return {
    meta,
    severity: meta.severity,
    accountId: event.accountId,
    region: event.region ?? "unknown",
    aggregationKey: [event.accountId, details.rule.id, ...(details.group ?? [eventReference(event)])].join("|"),
    time: event.time,
    resource: {
      resourceType: "Instance",
      instanceDetails: { instanceId: event.instanceId ?? "unknown", networkInterfaces: [{ networkInterfaceId: event.interfaceId, vpcId: event.vpcId, subnetId: event.subnetId }] },
    },
    action: {
      actionType: "NETWORK_CONNECTION",
      connectionDirection: inbound ? "INBOUND" : event.flowDirection === "egress" ? "OUTBOUND" : "UNKNOWN",
      protocol: String(event.protocol ?? "unknown"),
      blocked: event.action === "REJECT",
      // Only v5's flow-direction says which end is the interface's; without it the source is taken as local.
      localPort: inbound ? event.dstPort : event.srcPort,
      remotePort: inbound ? event.srcPort : event.dstPort,
      localIp: inbound ? event.dstAddr : event.srcAddr,
      remoteIp: inbound ? event.srcAddr : event.dstAddr,
      localNetworkInterface: event.interfaceId,
    },
    templateValues: templateValues(details.rule, `traffic ${event.srcAddr ?? "?"}:${event.srcPort ?? "?"} → ${event.dstAddr ?? "?"}:${event.dstPort ?? "?"}`),
    additionalInfo: additionalInfo(details),
    source: flowSource(event),
  };
}

export function sigmaCandidate(meta: FindingTypeMeta, event: VigilEvent, details: MatchDetails): FindingCandidate {
  if (event.kind === "cloudtrail") return cloudTrailCandidate(meta, event, details);
  if (event.kind === "dns") return dnsRuleCandidate(meta, event, details);
  return flowCandidate(meta, event, details);
}
