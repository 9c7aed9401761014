import type { Indicators } from "./indicators.js";
import { lineChunks, publicIpv4, privateIpv4, type Random } from "./random.js";

/**
 * Route 53 Resolver query log lines (JSON lines): lookups of AWS endpoints, SaaS and package
 * mirrors with their answers, some NXDOMAINs, and a known share of queries for crypto-mining
 * domains from the real NoCoin list.
 */
export type DnsMix = { accountId: string; maliciousShare: number; startTime: number };

const BENIGN = [
  "s3.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com", "sts.amazonaws.com", "api.github.com",
  "registry.npmjs.org", "pypi.org", "files.pythonhosted.org", "deb.debian.org", "hooks.slack.com",
  "api.stripe.com", "login.microsoftonline.com", "www.google.com", "sqs.us-east-1.amazonaws.com",
  "logs.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com", "ec2messages.us-east-1.amazonaws.com",
];

export function* dnsLines(random: Random, mix: DnsMix, indicators: Indicators): Generator<string> {
  const instances = Array.from({ length: 30 }, () => ({ id: `i-0${random.hex(16)}`, ip: privateIpv4(random) }));
  for (let i = 0; ; i++) {
    const instance = random.pick(instances);
    const malicious = random.chance(mix.maliciousShare);
    const name = malicious ? random.pick(indicators.miningDomains) : random.chance(0.1) ? `${random.hex(6)}.internal.acme.io` : random.pick(BENIGN);
    const nx = !malicious && name.endsWith("acme.io");
    yield JSON.stringify({
      version: "1.100000",
      account_id: mix.accountId,
      region: "us-east-1",
      vpc_id: "vpc-0a1b2c3d4e5f67890",
      query_timestamp: new Date(mix.startTime + i * 11).toISOString(),
      query_name: `${name}.`,
      query_type: random.chance(0.8) ? "A" : "AAAA",
      query_class: "IN",
      rcode: nx ? "NXDOMAIN" : "NOERROR",
      answers: nx ? [] : [{ Rdata: publicIpv4(random), Type: "A", Class: "IN" }],
      srcaddr: instance.ip,
      srcport: String(32768 + random.int(28000)),
      transport: "UDP",
      srcids: { instance: instance.id },
    });
  }
}

/** One log object of about `targetBytes`, in chunks of lines, so any size fits in memory. */
export function dnsObjectChunks(random: Random, mix: DnsMix, indicators: Indicators, targetBytes: number): Generator<string> {
  return lineChunks(dnsLines(random, mix, indicators), targetBytes);
}
