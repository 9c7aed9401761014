/** Outbound denial-of-service floods from an instance, one type per kind of traffic. */
import { SEVERITY, type FindingTypeMeta } from "../../../engine/types.js";

function dos(type: string, what: string, why: string, catalogueNote?: string): FindingTypeMeta {
  return {
    type,
    catalogueNote,
    severity: SEVERITY.HIGH,
    dataSource: "VPC_FLOW_LOGS",
    method: "RULE",
    resourceType: "Instance",
    resourceRole: "ACTOR",
    title: `{instance} is behaving in a manner that may indicate it is being used to perform a Denial of Service (DoS) attack using ${what}.`,
    description:
      `Within {window} minutes {instance} sent {packets} packets ({megabytes} MB, about {rate} packets/s) of ${what} to ` +
      `{remote}${why}, with little coming back. An instance flooding another host is under someone else's control.`,
    mitre: { tactic: "Impact", technique: "T1498 Network Denial of Service" },
    aggregation: "account + instance (each window of flooding counts once; the latest target is shown)",
  };
}

export const DOS_TCP = dos(
  "Backdoor:EC2/DenialOfService.Tcp",
  "the TCP protocol",
  "",
  "header-only floods, or one-sided data; a payload flood the victim acknowledges looks like an upload and is left to TrafficVolumeUnusual",
);
export const DOS_UDP = dos("Backdoor:EC2/DenialOfService.Udp", "the UDP protocol", "");
export const DOS_UDP_ON_TCP_PORTS = dos(
  "Backdoor:EC2/DenialOfService.UdpOnTcpPorts",
  "the UDP protocol on a TCP port",
  " on port {port}, which normally carries TCP",
  "raised with .Udp when most of the flood goes to a TCP-only port",
);
export const DOS_DNS = dos(
  "Backdoor:EC2/DenialOfService.Dns",
  "the DNS protocol",
  " on port 53",
  "volume at a flood's rate to one public address on port 53 (thresholds in the detection README)",
);
export const DOS_UNUSUAL_PROTOCOL = dos("Backdoor:EC2/DenialOfService.UnusualProtocol", "an unusual protocol", " over protocol {protocol}");
