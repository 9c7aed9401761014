/**
 * The instance model, from VPC Flow Logs: per instance (or network interface when the log has no
 * instance id), the remote ports it opens connections to, the public DNS resolvers it uses, the
 * remote hosts it talks to, and how many bytes it sends to one host within one hour. It raises
 *
 * - Backdoor:EC2/Spambot: a connection to port 25 by an instance with no port-25 history;
 * - DefenseEvasion:EC2/UnusualDNSResolver: DNS traffic to a public resolver the instance never used;
 * - DefenseEvasion:EC2/UnusualDoTActivity: the same on port 853 (DNS over TLS);
 * - Behavior:EC2/NetworkPortUnusual: a connection to any other remote port the instance never used
 *   (High for 389/1389, where log4j exploits call back);
 * - Behavior:EC2/TrafficVolumeUnusual: bytes sent to one host in one hour above both
 *   `volumeMinBytesPerHour` and `volumeFactorOverUsual` times the instance's usual peak (the 99th
 *   percentile of its per-host hourly volumes), once it has `volumeMinSamples` of them.
 *
 * Only instances past their learning period raise anything; a map of ports or resolvers that hit its
 * cap with fresh values (a proxy, a scanner) proves nothing and raises nothing.
 */
import { SEVERITY, type FindingCandidate, type FindingTypeMeta } from "../../engine/types.js";
import type { FlowEvent } from "../../events.js";
import { flowSource } from "../../findings/source-ref.js";
import { AnomalyBuilder } from "../anomaly.js";
import { explainFrequency, type UnusualFeature } from "../explain.js";
import { baselineDays } from "../frequency.js";
import type { BaselineContext, BaselineModel, BatchBuilder } from "../model.js";
import { hourOf, type EntityProfile } from "../state/profile.js";
import type { BaselineSnapshot } from "../state/store.js";
import { entityKey } from "../state/store.js";
import { outboundFlow, protocolName, type Outbound } from "./connection.js";
import { NETWORK_PORT_UNUSUAL, SPAMBOT, TRAFFIC_VOLUME_UNUSUAL, UNUSUAL_DNS_RESOLVER, UNUSUAL_DOT_ACTIVITY } from "./meta.js";

type PortFact = { kind: "port"; event: FlowEvent; entity: string; flow: Outbound };
type VolumeFact = { kind: "volume"; event: FlowEvent; entity: string; flow: Outbound; hour: number; batch: BatchBuilder<NetworkFact> };
type NetworkFact = PortFact | VolumeFact;

const LDAP_CALLBACK_PORTS = new Set([389, 1389]);
/** DNS and DNS over TLS: learned as resolvers (addresses), not as ports. */
const RESOLVER_PORTS = new Set([53, 853]);

function candidate(meta: FindingTypeMeta, fact: NetworkFact, key: string[], templateValues: Record<string, string>, severity = meta.severity): FindingCandidate {
  const { event, flow } = fact;
  return {
    meta,
    severity,
    accountId: event.accountId,
    region: event.region ?? "unknown",
    aggregationKey: [event.accountId, flow.instance, ...key].join("|"),
    time: event.time,
    resource: {
      resourceType: "Instance",
      instanceDetails: { instanceId: event.instanceId ?? flow.instance, networkInterfaces: [{ networkInterfaceId: event.interfaceId, privateIpAddress: flow.localIp, vpcId: event.vpcId, subnetId: event.subnetId }] },
    },
    action: {
      actionType: "NETWORK_CONNECTION",
      connectionDirection: "OUTBOUND",
      protocol: protocolName(event.protocol),
      blocked: false,
      localPort: flow.localPort,
      remotePort: flow.remotePort,
      localIp: flow.localIp,
      remoteIp: flow.remoteIp,
      localNetworkInterface: event.interfaceId,
    },
    templateValues: { instance: flow.instance, remote: flow.remoteIp, port: String(flow.remotePort), ...templateValues },
    source: flowSource(event),
  };
}

function explained(meta: FindingTypeMeta, fact: NetworkFact, profile: EntityProfile, key: string[], feature: UnusualFeature, severity?: number): FindingCandidate {
  const explanation = explainFrequency(`instance ${fact.flow.instance}`, profile, fact.event.time, [feature]);
  const found = candidate(meta, fact, key, { baseline: explanation.sentence }, severity);
  found.detection = explanation.detection;
  return found;
}

function decidePort(fact: PortFact, profile: EntityProfile): FindingCandidate | undefined {
  const { flow, event } = fact;
  const port = String(flow.remotePort);
  const isNew = (dimension: "port" | "resolver", value: string) => !profile.seenBefore(dimension, value, event.time) && !profile.saturated(dimension);
  if (RESOLVER_PORTS.has(flow.remotePort)) {
    if (!isNew("resolver", flow.remoteIp)) return undefined;
    const meta = flow.remotePort === 53 ? UNUSUAL_DNS_RESOLVER : UNUSUAL_DOT_ACTIVITY;
    return explained(meta, fact, profile, [], { dimension: "resolver", feature: "dnsResolver", noun: "public DNS resolver", observed: flow.remoteIp });
  }
  if (!isNew("port", port)) return undefined;
  const feature: UnusualFeature = { dimension: "port", feature: "remotePort", noun: "remote port", observed: port };
  if (flow.remotePort === 25) return explained(SPAMBOT, fact, profile, [], feature);
  const severity = LDAP_CALLBACK_PORTS.has(flow.remotePort) ? SEVERITY.HIGH : NETWORK_PORT_UNUSUAL.severity;
  return explained(NETWORK_PORT_UNUSUAL, fact, profile, [port], feature, severity);
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Upper bound of the histogram bucket holding the 99th percentile of per-host hourly volumes. */
function usualPeak(buckets: number[], total: number): number {
  let seen = 0;
  for (let b = 0; b < buckets.length; b++) {
    seen += buckets[b];
    if (seen >= 0.99 * total) return 2 ** (b + 1);
  }
  return 2 ** buckets.length;
}

function decideVolume(fact: VolumeFact, profile: EntityProfile, snapshot: BaselineSnapshot, context: BaselineContext): FindingCandidate | undefined {
  const { buckets, total: samples } = profile.histogram();
  if (samples < context.baseline.volumeMinSamples) return undefined;
  const host = fact.flow.remoteIp;
  const sent = snapshot.hourlyTotal(fact.entity, host, fact.hour) + fact.batch.batchVolume(fact.entity, host, fact.hour);
  const peak = usualPeak(buckets, samples);
  const threshold = Math.max(context.baseline.volumeMinBytesPerHour, context.baseline.volumeFactorOverUsual * peak);
  if (sent <= threshold) return undefined;
  const instance = `instance ${fact.flow.instance}`;
  const builder = new AnomalyBuilder()
    .profile(instance, "bytesSentToOneHostPerHour", "VOLUME", { FREQUENT: [`up to ${formatBytes(peak)} (99th percentile of ${samples} host-hours)`] })
    .unusual(instance, "bytesSentToOneHostPerHour", "VOLUME", "UNSEEN", [`${formatBytes(sent)} to ${host}`]);
  const sentence =
    `Compared with the ${baselineDays(profile, fact.event.time)}-day baseline of ${instance}: it sends up to ${formatBytes(peak)} to one host in an hour ` +
    `(99th percentile of ${samples} host-hours); this hour it sent ${formatBytes(sent)} to ${host}, above the threshold of ${formatBytes(threshold)}.`;
  const found = candidate(TRAFFIC_VOLUME_UNUSUAL, fact, [host], { baseline: sentence, bytes: formatBytes(sent) });
  found.detection = builder.build();
  return found;
}

export const networkModel: BaselineModel<NetworkFact> = {
  id: "instance-network-behaviour",
  findingTypes: [SPAMBOT, UNUSUAL_DNS_RESOLVER, UNUSUAL_DOT_ACTIVITY, NETWORK_PORT_UNUSUAL, TRAFFIC_VOLUME_UNUSUAL],
  observe(event, _context, batch) {
    if (event.kind !== "flow") return;
    const flow = outboundFlow(event);
    if (!flow) return;
    const entity = entityKey(event.accountId, "instance", flow.instance);
    const time = event.time;
    batch.read(entity);
    batch.learn(entity, time, "host", flow.remoteIp);
    if (flow.opened) {
      if (RESOLVER_PORTS.has(flow.remotePort)) batch.learn(entity, time, "resolver", flow.remoteIp);
      else batch.learn(entity, time, "port", String(flow.remotePort));
      batch.fact({ kind: "port", event, entity, flow });
    }
    if (event.bytes) {
      const hour = hourOf(time);
      if (batch.batchVolume(entity, flow.remoteIp, hour) === 0) {
        batch.readHourly(entity, flow.remoteIp, hour);
        batch.fact({ kind: "volume", event, entity, flow, hour, batch });
      }
      batch.learnVolume(entity, time, flow.remoteIp, hour, event.bytes);
    }
  },
  decide(fact, snapshot, context, emit) {
    const profile = snapshot.profile(fact.entity);
    if (!profile?.readyAt(fact.event.time, context.baseline)) return;
    const found = fact.kind === "port" ? decidePort(fact, profile) : decideVolume(fact, profile, snapshot, context);
    if (found) emit(found);
  },
};
