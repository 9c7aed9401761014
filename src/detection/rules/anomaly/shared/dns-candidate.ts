/** The candidate of a DNS query finding, the same way for the anomaly rules on Route 53 Resolver logs. */
import type { FindingCandidate, FindingTypeMeta } from "../../../engine/types.js";
import type { DnsEvent } from "../../../events.js";
import { dnsSource } from "../../../findings/source-ref.js";

/** The instance that asked, else its address: what DNS findings are about. */
export function querySource(event: DnsEvent): string {
  return event.instanceId ?? event.srcAddr ?? "unknown-source";
}

export type DnsCandidateOptions = {
  key: readonly string[];
  domainWithSuffix?: string;
  templateValues: Record<string, string>;
  additionalInfo: Record<string, unknown>;
};

export function dnsCandidate(meta: FindingTypeMeta, event: DnsEvent, options: DnsCandidateOptions): FindingCandidate {
  const source = querySource(event);
  return {
    meta,
    severity: meta.severity,
    accountId: event.accountId,
    region: event.region ?? "unknown",
    aggregationKey: [event.accountId, source, ...options.key].join("|"),
    time: event.time,
    resource: {
      resourceType: "Instance",
      instanceDetails: { instanceId: event.instanceId ?? source, networkInterfaces: [{ privateIpAddress: event.srcAddr, vpcId: event.vpcId }] },
    },
    action: {
      actionType: "DNS_REQUEST",
      domain: event.queryName,
      domainWithSuffix: options.domainWithSuffix,
      protocol: event.transport ?? "UDP",
      blocked: false,
      vpcOwnerAccountId: event.accountId,
    },
    templateValues: { instance: source, domain: event.queryName, ...options.templateValues },
    additionalInfo: options.additionalInfo,
    source: dnsSource(event),
  };
}
