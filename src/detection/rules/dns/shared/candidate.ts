/**
 * Builds DNS candidates the same way for every rule family. Route 53 Resolver logs name the querying
 * instance (srcids.instance) for queries from EC2; other sources (resolver endpoints, containers on
 * unlogged interfaces) are named by VPC and address. The DNS Firewall's verdict is the action's
 * `blocked`.
 */
import type { DnsEvent } from "../../../events.js";
import type { FindingCandidate, FindingTypeMeta } from "../../../engine/types.js";
import type { FindingResource } from "../../../findings/types.js";
import { dnsSource } from "../../../findings/source-ref.js";
import type { ThreatMatch } from "../../../intel/lookup.js";

export type DnsCandidateOptions = {
  /** The aggregation key after the account id and the querying instance. */
  key: readonly string[];
  templateValues?: Record<string, string>;
  threatIntel?: ThreatMatch[];
  additionalInfo?: Record<string, unknown>;
};

function sourceKey(event: DnsEvent): string {
  return event.instanceId ?? `${event.vpcId ?? "vpc"}/${event.srcAddr ?? "unknown"}`;
}

function resource(event: DnsEvent): FindingResource {
  return {
    resourceType: "Instance",
    instanceDetails: {
      instanceId: event.instanceId ?? "unknown",
      networkInterfaces: [{ privateIpAddress: event.srcAddr, vpcId: event.vpcId }],
    },
  };
}

/** Second-level labels under which country codes register names (example.co.uk, example.com.au). */
const COUNTRY_SECOND_LEVELS: ReadonlySet<string> = new Set(["ac", "co", "com", "edu", "go", "gov", "ltd", "mil", "ne", "net", "or", "org", "plc", "sch"]);

/**
 * The registrable part of a name, as GuardDuty's domainWithSuffix: the last two labels, or three under
 * a country code's generic second level. An approximation of the public suffix list, for display.
 */
export function domainWithSuffix(name: string): string {
  const labels = name.split(".");
  if (labels.length <= 2) return name;
  const tld = labels[labels.length - 1];
  const keep = tld.length === 2 && COUNTRY_SECOND_LEVELS.has(labels[labels.length - 2]) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

export function dnsCandidate(meta: FindingTypeMeta, event: DnsEvent, options: DnsCandidateOptions): FindingCandidate {
  const source = event.instanceId ?? event.srcAddr ?? "an unknown source";
  const candidate: FindingCandidate = {
    meta,
    severity: meta.severity,
    accountId: event.accountId,
    region: event.region ?? "unknown",
    aggregationKey: [event.accountId, sourceKey(event), ...options.key].join("|"),
    time: event.time,
    resource: resource(event),
    action: {
      actionType: "DNS_REQUEST",
      domain: event.queryName,
      domainWithSuffix: domainWithSuffix(event.queryName),
      protocol: event.transport ?? "UDP",
      blocked: event.raw.firewall_rule_action === "BLOCK",
      vpcOwnerAccountId: event.accountId,
    },
    templateValues: { instance: source, domain: event.queryName, account: event.accountId, ...options.templateValues },
    source: dnsSource(event),
  };
  if (options.threatIntel) candidate.threatIntel = options.threatIntel;
  if (options.additionalInfo) candidate.additionalInfo = options.additionalInfo;
  return candidate;
}
