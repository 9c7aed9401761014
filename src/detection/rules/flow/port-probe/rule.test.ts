import { flowEvents, INDICATORS, listContext, runEvents, typesOf, v2, v5, V5_FORMAT } from "../../../testing/flow-records.js";
import { portProbeRule as rule } from "./rule.js";

const SCANNER = INDICATORS.scannerCidrs[0].replace(/0\/24$/, "17");
const BAD = INDICATORS.maliciousIps[1];
const TOR = INDICATORS.torExits[0];
const CUSTOM = INDICATORS.maliciousIps[0];
const INSTANCE = "10.0.1.5";

const context = listContext({
  feeds: [
    { category: "SCANNER", entries: INDICATORS.scannerCidrs, name: "maltrail mass scanners" },
    { category: "MALICIOUS_IP", entries: [BAD], name: "IPsum level 3+" },
    { category: "TOR_EXIT", entries: [TOR] },
  ],
  custom: [CUSTOM],
});

function run(lines: string[], format?: string) {
  return runEvents(rule, flowEvents(lines, format), context);
}

describe("port probes by known scanners", () => {
  it("raises a low finding with a PORT_PROBE action when a scanner's connection to a port is accepted", () => {
    const found = run([v2({ src: SCANNER, dst: INSTANCE, srcPort: 54321, dstPort: 22, packets: 1, bytes: 44 })]);
    expect(typesOf(found)).toEqual(["Recon:EC2/PortProbeUnprotectedPort"]);
    expect(found[0].severity).toBe(2);
    expect(found[0].meta.resourceRole).toBe("TARGET");
    expect(found[0].action).toEqual({ actionType: "PORT_PROBE", blocked: false, probes: [{ localPort: 22, localIp: INSTANCE, remoteIp: SCANNER }] });
    expect(found[0].aggregationKey).toBe("111122223333|eni-0a1b2c3d4e5f60718|22");
    expect(found[0].threatIntel?.map((match) => match.listName)).toEqual(["maltrail mass scanners"]);
  });

  it("grades Elasticsearch ports high and EMR ports as their own high type, whatever source port the scanner used", () => {
    const found = run([
      v2({ src: BAD, dst: INSTANCE, srcPort: 40000, dstPort: 9200 }),
      v2({ src: SCANNER, dst: INSTANCE, srcPort: 4000, dstPort: 8088 }),
      v2({ src: SCANNER, dst: INSTANCE, srcPort: 40000, dstPort: 50070 }),
    ]);
    expect(found.map((c) => [c.meta.type, c.severity])).toEqual([
      ["Recon:EC2/PortProbeUnprotectedPort", 8],
      ["Recon:EC2/PortProbeEMRUnprotectedPort", 8],
      ["Recon:EC2/PortProbeEMRUnprotectedPort", 8],
    ]);
  });

  it("ignores refused probes, the instance's answers, its own connections to listed hosts, and other lists", () => {
    expect(run([v2({ src: SCANNER, dst: INSTANCE, srcPort: 54321, dstPort: 22, action: "REJECT" })])).toEqual([]);
    expect(run([v2({ src: INSTANCE, dst: SCANNER, srcPort: 22, dstPort: 54321 })])).toEqual([]);
    expect(run([v2({ src: SCANNER, dst: INSTANCE, srcPort: 443, dstPort: 41000 })])).toEqual([]);
    expect(run([v2({ src: TOR, dst: INSTANCE, srcPort: 54321, dstPort: 22 })])).toEqual([]);
    expect(run([v2({ src: CUSTOM, dst: INSTANCE, srcPort: 54321, dstPort: 22 })])).toEqual([]);
  });

  it("trusts TCP flags over ports", () => {
    const probe = v5({ src: SCANNER, dst: INSTANCE, srcPort: 80, dstPort: 48000, tcpFlags: 2, direction: "ingress" });
    const answer = v5({ src: SCANNER, dst: INSTANCE, srcPort: 443, dstPort: 8088, tcpFlags: 18, direction: "ingress" });
    expect(typesOf(run([probe, answer], V5_FORMAT))).toEqual(["Recon:EC2/PortProbeUnprotectedPort"]);
  });
});
