import type { Indicators } from "./indicators.js";
import { lineChunks, publicIpv4, privateIpv4, type Random } from "./random.js";

/**
 * VPC Flow Log lines in the default (v2) format with a header, as delivered to S3: mostly web and
 * API egress, DNS, database traffic inside the VPC, internet background noise rejected at the
 * security group, and a known share of traffic to and from malicious and Tor addresses, SSH
 * brute-force attempts and a port scan.
 */
export type FlowMix = { accountId: string; maliciousShare: number; startTime: number };

export const FLOW_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

export function* flowLines(random: Random, mix: FlowMix, indicators: Indicators): Generator<string> {
  const interfaces = Array.from({ length: 40 }, () => ({ eni: `eni-0${random.hex(16)}`, ip: privateIpv4(random) }));
  for (let i = 0; ; i++) {
    const start = Math.floor(mix.startTime / 1000) + Math.floor(i / 50);
    const end = start + 60;
    const local = random.pick(interfaces);
    const ephemeral = 32768 + random.int(28000);
    let line: [string, string, number, number, number, number, number, string];
    if (random.chance(mix.maliciousShare)) {
      const bad = random.pick(random.chance(0.5) ? indicators.maliciousIps : indicators.torExits);
      line = random.chance(0.5)
        ? [local.ip, bad, ephemeral, random.pick([443, 9001, 4444]), 6, 10 + random.int(40), 2000 + random.int(90000), "ACCEPT"]
        : [bad, local.ip, ephemeral, random.pick([22, 3389, 9200, 8088]), 6, 1 + random.int(4), 60 + random.int(200), "ACCEPT"];
    } else {
      const kind = random.weighted([["egress", 50], ["dns", 15], ["internal", 20], ["noise", 15]] as const);
      if (kind === "egress") line = [local.ip, publicIpv4(random), ephemeral, random.pick([443, 443, 443, 80]), 6, 5 + random.int(200), 800 + random.int(400000), "ACCEPT"];
      else if (kind === "dns") line = [local.ip, "10.0.0.2", ephemeral, 53, 17, 1 + random.int(3), 60 + random.int(300), "ACCEPT"];
      else if (kind === "internal") line = [local.ip, random.pick(interfaces).ip, ephemeral, random.pick([5432, 6379, 8080]), 6, 5 + random.int(100), 500 + random.int(50000), "ACCEPT"];
      else line = [publicIpv4(random), local.ip, ephemeral, random.pick([23, 445, 1433, 3306, 5900, 8080]), 6, 1, 40 + random.int(20), "REJECT"];
    }
    const [src, dst, sport, dport, protocol, packets, bytes, action] = line;
    yield `2 ${mix.accountId} ${local.eni} ${src} ${dst} ${sport} ${dport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} OK`;
  }
}

/** One log object of about `targetBytes`, in chunks of lines, so any size fits in memory. */
export function flowObjectChunks(random: Random, mix: FlowMix, indicators: Indicators, targetBytes: number): Generator<string> {
  return lineChunks(flowLines(random, mix, indicators), targetBytes, FLOW_HEADER);
}
