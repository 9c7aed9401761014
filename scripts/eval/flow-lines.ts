/**
 * VPC Flow Log records as AWS writes them to S3: a header line, then one space-separated record per
 * line, in the default (v2) format or a v5 custom format with instance id, TCP flags and direction.
 */
export const V2_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
export const V5_HEADER =
  "version account-id interface-id instance-id vpc-id subnet-id srcaddr dstaddr srcport dstport protocol packets bytes start end action tcp-flags flow-direction log-status";

export type FlowRecord = {
  account: string;
  eni: string;
  instance?: string;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  /** Seconds. */
  start: number;
  end: number;
  action: "ACCEPT" | "REJECT";
  tcpFlags?: number;
  direction?: "ingress" | "egress";
};

export function v2Line(r: FlowRecord): string {
  return [2, r.account, r.eni, r.src, r.dst, r.srcPort, r.dstPort, r.protocol, r.packets, r.bytes, r.start, r.end, r.action, "OK"].join(" ");
}

export function v5Line(r: FlowRecord): string {
  const dash = (value: unknown) => (value === undefined ? "-" : String(value));
  return [
    5, r.account, r.eni, dash(r.instance), "vpc-0e1a2b3c", "subnet-0e1a2b3c", r.src, r.dst, r.srcPort, r.dstPort, r.protocol, r.packets,
    r.bytes, r.start, r.end, r.action, dash(r.tcpFlags), dash(r.direction), "OK",
  ].join(" ");
}

export function flowObject(records: readonly FlowRecord[], version: 2 | 5): string {
  return [version === 2 ? V2_HEADER : V5_HEADER, ...records.map(version === 2 ? v2Line : v5Line)].join("\n") + "\n";
}
