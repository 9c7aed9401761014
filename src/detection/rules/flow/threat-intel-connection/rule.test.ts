import { endpoint, flowEvents, INDICATORS, listContext, runEvents, typesOf, v2, v5, V5_FORMAT } from "../../../testing/flow-records.js";
import { threatIntelConnectionRule as rule } from "./rule.js";

const C2 = endpoint(INDICATORS.c2Endpoints[0]).address;
const POOL = endpoint(INDICATORS.miningEndpoints[0]);
const SINKHOLE = "87.106.18.141";
const DROP = "185.225.74.55";
const TOR = INDICATORS.torExits[0];
const TOR6 = INDICATORS.torExits.find((address) => address.includes(":"))!;
const CUSTOM = INDICATORS.maliciousIps[0];
const SCANNER = INDICATORS.scannerIps[0];
const INSTANCE = "10.0.1.5";

const context = listContext({
  feeds: [
    { category: "COMMAND_AND_CONTROL", entries: [C2], name: "maltrail c2" },
    { category: "COMMAND_AND_CONTROL", entries: ["45.61.0.0/16"], name: "log4j callbacks", threatNames: ["log4j"] },
    { category: "CRYPTO_MINING", entries: [POOL.address] },
    { category: "BLACK_HOLE", entries: [SINKHOLE] },
    { category: "DROP_POINT", entries: [DROP] },
    { category: "TOR_EXIT", entries: [TOR, TOR6] },
    { category: "SCANNER", entries: [SCANNER] },
    { category: "MALICIOUS_IP", entries: [SCANNER] },
  ],
  custom: [CUSTOM],
});

function run(lines: string[], format?: string, ctx = context) {
  return runEvents(rule, flowEvents(lines, format), ctx);
}

describe("threat-list connections", () => {
  it("raises the feed category's type once per outbound connection, on the instance's own record", () => {
    const found = run([
      v2({ src: INSTANCE, dst: C2, srcPort: 43512, dstPort: 443, packets: 12, bytes: 3400 }),
      v2({ src: C2, dst: INSTANCE, srcPort: 443, dstPort: 43512, packets: 10, bytes: 8800 }),
    ]);
    expect(typesOf(found)).toEqual(["Backdoor:EC2/C&CActivity.B"]);
    expect(found[0].action).toMatchObject({ actionType: "NETWORK_CONNECTION", connectionDirection: "OUTBOUND", blocked: false, remoteIp: C2, remotePort: 443, localIp: INSTANCE });
    expect(found[0].aggregationKey).toBe(`111122223333|eni-0a1b2c3d4e5f60718|${C2}`);
    expect(found[0].resource.instanceDetails?.networkInterfaces?.[0]).toMatchObject({ networkInterfaceId: "eni-0a1b2c3d4e5f60718", privateIpAddress: INSTANCE });
    expect(found[0].additionalInfo).toEqual({ threatListName: "maltrail c2" });
  });

  it("maps each managed category to its type and marks attempts the security group refused as blocked", () => {
    const found = run([
      v2({ src: INSTANCE, dst: POOL.address, srcPort: 50123, dstPort: POOL.port, action: "REJECT" }),
      v2({ src: INSTANCE, dst: SINKHOLE, srcPort: 50124, dstPort: 80 }),
      v2({ src: INSTANCE, dst: DROP, srcPort: 50125, dstPort: 21 }),
      v2({ src: INSTANCE, dst: TOR, srcPort: 50126, dstPort: 9001 }),
    ]);
    expect(typesOf(found)).toEqual(["CryptoCurrency:EC2/BitcoinTool.B", "Trojan:EC2/BlackholeTraffic", "Trojan:EC2/DropPoint", "UnauthorizedAccess:EC2/TorClient"]);
    expect(found[0].action).toMatchObject({ blocked: true });
  });

  it("tags C&C addresses the feed marks as log4j with GuardDuty's log4j context", () => {
    const [found] = run([v2({ src: INSTANCE, dst: "45.61.7.9", srcPort: 40001, dstPort: 1389, packets: 5, bytes: 400 })]);
    expect(found.additionalInfo).toEqual({ threatListName: "log4j callbacks", threatName: "Log4j Related", context: "Possible log4j callback" });
  });

  it("ignores listed hosts calling in, except accepted connections from the account's own list", () => {
    expect(run([v2({ src: C2, dst: INSTANCE, srcPort: 51000, dstPort: 22, packets: 3 })])).toEqual([]);
    const custom = run([v2({ src: CUSTOM, dst: INSTANCE, srcPort: 51000, dstPort: 8009, packets: 8, bytes: 900 })]);
    expect(typesOf(custom)).toEqual(["UnauthorizedAccess:EC2/MaliciousIPCaller.Custom"]);
    expect(custom[0].meta.resourceRole).toBe("TARGET");
    expect(custom[0].action).toMatchObject({ connectionDirection: "INBOUND", localPort: 8009 });
    expect(run([v2({ src: CUSTOM, dst: INSTANCE, srcPort: 51000, dstPort: 8009, action: "REJECT" })])).toEqual([]);
    expect(typesOf(run([v2({ src: INSTANCE, dst: CUSTOM, srcPort: 51000, dstPort: 8009 })]))).toEqual(["UnauthorizedAccess:EC2/MaliciousIPCaller.Custom"]);
  });

  it("reads v5 records by flow direction and instance id, IPv6 included", () => {
    const found = run([v5({ src: "2600:1f18:aaaa::5", dst: TOR6, srcPort: 48000, dstPort: 443, direction: "egress", tcpFlags: 2 })], V5_FORMAT);
    expect(typesOf(found)).toEqual(["UnauthorizedAccess:EC2/TorClient"]);
    expect(found[0].resource.instanceDetails?.instanceId).toBe("i-0123456789abcdef0");
    expect(found[0].action).toMatchObject({ connectionDirection: "OUTBOUND", localNetworkInterface: "eni-0a1b2c3d4e5f60718" });
    const reply = v5({ src: TOR6, dst: "2600:1f18:aaaa::5", srcPort: 443, dstPort: 48000, direction: "ingress", tcpFlags: 18 });
    expect(run([reply], V5_FORMAT)).toEqual([]);
  });

  it("uses the packet's own remote address behind a NAT gateway", () => {
    const format = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status pkt-srcaddr pkt-dstaddr";
    const line = `3 111122223333 eni-0a1b2c3d4e5f60718 ${INSTANCE} 10.0.0.220 40500 443 6 6 800 1767225600 1767225660 ACCEPT OK ${INSTANCE} ${C2}`;
    expect(typesOf(run([line], format))).toEqual(["Backdoor:EC2/C&CActivity.B"]);
  });

  it("raises nothing for scanner and malicious-address feeds, private peers, or trusted addresses", () => {
    expect(run([v2({ src: INSTANCE, dst: SCANNER, srcPort: 40000, dstPort: 443 })])).toEqual([]);
    expect(run([v2({ src: INSTANCE, dst: "10.0.2.9", srcPort: 40000, dstPort: 443 })])).toEqual([]);
    const trusted = listContext({ feeds: [{ category: "COMMAND_AND_CONTROL", entries: [C2] }], trusted: [C2] });
    expect(run([v2({ src: INSTANCE, dst: C2, srcPort: 40000, dstPort: 443 })], undefined, trusted)).toEqual([]);
  });
});
