/**
 * Turns a rule's candidate into GuardDuty's finding JSON: the deterministic id and ARN, rendered
 * title and description, the action with geo-enriched remote addresses, threat-intel evidence and
 * additionalInfo, one occurrence counted.
 */
import type { ActionSeed, DataSource, FindingCandidate } from "../engine/types.js";
import type { GeoLookup } from "../geo/geo-lookup.js";
import type { ThreatMatch } from "../intel/lookup.js";
import { confidenceOf } from "./confidence.js";
import { findingId } from "./finding-id.js";
import { partitionOf } from "./partition.js";
import { portName } from "./port-names.js";
import { renderTemplate } from "./templates.js";
import type { FeatureName, Finding, FindingAction, RemoteIpDetails, ThreatIntelligenceDetail } from "./types.js";

export type BuildOptions = {
  detectorId: string;
  geo: GeoLookup;
  /** When the finding is written (createdAt/updatedAt); defaults to now. */
  now?: number;
};

function localIpDetails(address: string | undefined): { ipAddressV4?: string; ipAddressV6?: string } | undefined {
  if (!address) return undefined;
  return address.includes(":") ? { ipAddressV6: address } : { ipAddressV4: address };
}

function remoteIp(geo: GeoLookup, address: string | undefined): RemoteIpDetails | undefined {
  return address ? geo.lookup(address) : undefined;
}

function buildAction(seed: ActionSeed, geo: GeoLookup): FindingAction {
  switch (seed.actionType) {
    case "AWS_API_CALL": {
      const remoteIpDetails = geo.lookup(seed.caller);
      return {
        actionType: "AWS_API_CALL",
        awsApiCallAction: {
          api: seed.api,
          serviceName: seed.serviceName,
          callerType: remoteIpDetails ? "Remote IP" : "Domain",
          ...(seed.errorCode ? { errorCode: seed.errorCode } : {}),
          ...(seed.userAgent ? { userAgent: seed.userAgent } : {}),
          ...(remoteIpDetails ? { remoteIpDetails } : { domainDetails: { domain: seed.caller } }),
          ...(seed.remoteAccountDetails ? { remoteAccountDetails: seed.remoteAccountDetails } : {}),
          affectedResources: seed.affectedResources,
        },
      };
    }
    case "NETWORK_CONNECTION":
      return {
        actionType: "NETWORK_CONNECTION",
        networkConnectionAction: {
          connectionDirection: seed.connectionDirection,
          protocol: seed.protocol,
          blocked: seed.blocked,
          localPortDetails: seed.localPort === undefined ? undefined : { port: seed.localPort, portName: portName(seed.localPort) },
          remotePortDetails: seed.remotePort === undefined ? undefined : { port: seed.remotePort, portName: portName(seed.remotePort) },
          localIpDetails: localIpDetails(seed.localIp),
          localNetworkInterface: seed.localNetworkInterface,
          remoteIpDetails: remoteIp(geo, seed.remoteIp),
        },
      };
    case "DNS_REQUEST":
      return {
        actionType: "DNS_REQUEST",
        dnsRequestAction: {
          domain: seed.domain,
          domainWithSuffix: seed.domainWithSuffix,
          protocol: seed.protocol,
          blocked: seed.blocked,
          vpcOwnerAccountId: seed.vpcOwnerAccountId,
        },
      };
    case "PORT_PROBE":
      return {
        actionType: "PORT_PROBE",
        portProbeAction: {
          blocked: seed.blocked,
          portProbeDetails: seed.probes.map((probe) => ({
            localPortDetails: { port: probe.localPort, portName: portName(probe.localPort) },
            localIpDetails: localIpDetails(probe.localIp),
            remoteIpDetails: remoteIp(geo, probe.remoteIp),
          })),
        },
      };
  }
}

function threatIntelligenceDetails(matches: ThreatMatch[]): ThreatIntelligenceDetail[] {
  const byList = new Map<string, Set<string>>();
  for (const match of matches) {
    const names = byList.get(match.listName) ?? new Set<string>();
    for (const name of match.threatNames) names.add(name);
    byList.set(match.listName, names);
  }
  return [...byList].map(([threatListName, names]) => ({ threatListName, threatNames: [...names] }));
}

const FEATURES: Record<DataSource, FeatureName> = { CLOUD_TRAIL: "CloudTrail", S3_DATA_EVENTS: "S3DataEvents", VPC_FLOW_LOGS: "FlowLogs", DNS_QUERY_LOGS: "DnsLogs" };

export function buildFinding(candidate: FindingCandidate, options: BuildOptions): Finding {
  const { meta } = candidate;
  const id = findingId(options.detectorId, meta.type, candidate.aggregationKey);
  const partition = partitionOf(candidate.region);
  const written = new Date(options.now ?? Date.now()).toISOString();
  const seen = new Date(candidate.time).toISOString();
  const confidence = confidenceOf(candidate);
  return {
    schemaVersion: "2.0",
    accountId: candidate.accountId,
    region: candidate.region,
    partition,
    id,
    arn: `arn:${partition}:guardduty:${candidate.region}:${candidate.accountId}:detector/${options.detectorId}/finding/${id}`,
    type: meta.type,
    title: renderTemplate(meta.title, candidate.templateValues),
    description: renderTemplate(meta.description, candidate.templateValues),
    severity: candidate.severity,
    confidence: confidence.score,
    createdAt: written,
    updatedAt: written,
    resource: candidate.resource,
    service: {
      serviceName: "guardduty",
      detectorId: options.detectorId,
      featureName: candidate.sequence ? "Correlation" : FEATURES[meta.dataSource],
      action: buildAction(candidate.action, options.geo),
      count: candidate.decision?.count ?? 1,
      eventFirstSeen: candidate.decision ? new Date(candidate.decision.firstTime).toISOString() : seen,
      eventLastSeen: seen,
      archived: false,
      resourceRole: meta.resourceRole,
      ...(candidate.threatIntel?.length ? { evidence: { threatIntelligenceDetails: threatIntelligenceDetails(candidate.threatIntel) } } : {}),
      additionalInfo: { value: JSON.stringify(candidate.additionalInfo ?? {}), type: "default" },
      ...(candidate.detection ? { detection: candidate.detection } : {}),
      ...(candidate.sequence ? { detection: candidate.sequence } : {}),
    },
    vigil: { sourceEvents: [candidate.source], confidenceReason: confidence.reason, ...(candidate.decision ? { sequenceDecision: candidate.decision.order } : {}) },
  };
}
