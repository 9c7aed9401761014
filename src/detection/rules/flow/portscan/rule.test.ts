import { flowEvents, runWindows, T0, typesOf, v2, v5, V5_FORMAT } from "../../../testing/flow-records.js";
import { portscanRule } from "./rule.js";

const rule = portscanRule();
const SCANNER = "10.0.1.5";
const TARGET = "10.0.2.9";

/** nmap -sT against a host whose security group allows 22 and 80: SYN retries elsewhere, handshake + reset on open ports. */
function connectScan(ports: number[], from = SCANNER, to = TARGET, start = T0): string[] {
  return ports.flatMap((port, i) => {
    const open = port === 22 || port === 80;
    const probe = v2({ src: from, dst: to, srcPort: 41000 + i, dstPort: port, packets: open ? 3 : 2, bytes: open ? 152 : 120, start, action: open ? "ACCEPT" : "REJECT" });
    return open ? [probe, v2({ src: to, dst: from, srcPort: port, dstPort: 41000 + i, packets: 1, bytes: 60, start })] : [probe];
  });
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("Recon:EC2/Portscan", () => {
  it("raises once when an instance probes many ports of one internal host, across batches", async () => {
    const lines = connectScan([...range(1, 30), 80, 22, 443, 3306, 8080]);
    const found = await runWindows([rule], [flowEvents(lines.slice(0, 12)), flowEvents(lines.slice(12, 25)), flowEvents(lines.slice(25))]);
    expect(typesOf(found)).toEqual(["Recon:EC2/Portscan"]);
    expect(found[0].aggregationKey).toBe(`111122223333|vpc/${SCANNER}`);
    expect(found[0].action).toMatchObject({ actionType: "NETWORK_CONNECTION", connectionDirection: "OUTBOUND", localIp: SCANNER, remoteIp: TARGET });
    // Raised by the batch that crossed the threshold, with the count it saw then.
    expect(found[0].additionalInfo).toMatchObject({ probedPorts: 24, portsTouched: 24 });
    expect(found[0].resource.instanceDetails?.networkInterfaces?.[0].privateIpAddress).toBe(SCANNER);
  });

  it("names the instance when the record says which end is local", async () => {
    const lines = range(1, 25).map((port) => v5({ src: SCANNER, dst: "81.2.69.142", srcPort: 50000, dstPort: port, tcpFlags: 2, direction: "egress" }));
    const [found] = await runWindows([rule], [flowEvents(lines, V5_FORMAT)]);
    expect(found.aggregationKey).toBe("111122223333|i-0123456789abcdef0");
    expect(found.resource.instanceDetails?.instanceId).toBe("i-0123456789abcdef0");
  });

  it("raises nothing for clients that exchange data with many ports, below the threshold, or across windows", async () => {
    const scrapes = range(9100, 25).flatMap((port, i) => [
      v2({ src: SCANNER, dst: TARGET, srcPort: 42000 + i, dstPort: port, packets: 8, bytes: 900 }),
      v2({ src: TARGET, dst: SCANNER, srcPort: port, dstPort: 42000 + i, packets: 6, bytes: 14000 }),
      v2({ src: SCANNER, dst: TARGET, srcPort: 42000 + i, dstPort: port, packets: 1, bytes: 40, start: T0 + 120 }),
    ]);
    expect(await runWindows([rule], [flowEvents(scrapes)])).toEqual([]);
    expect(await runWindows([rule], [flowEvents(connectScan(range(1, 15)))])).toEqual([]);
    const split = [...connectScan(range(1, 12), SCANNER, TARGET, T0 + 590), ...connectScan(range(100, 12), SCANNER, TARGET, T0 + 610)];
    expect(await runWindows([rule], [flowEvents(split)])).toEqual([]);
  });

  it("does not blame a scanned instance, or a server answering many clients", async () => {
    const inbound = range(1, 40).map((port) => v2({ src: "81.2.69.142", dst: TARGET, srcPort: 61000, dstPort: port, packets: 1, bytes: 44, action: "REJECT" }));
    expect(await runWindows([rule], [flowEvents(inbound)])).toEqual([]);
    const answers = range(0, 40).map((i) => v2({ src: TARGET, dst: "81.2.69.142", srcPort: 443, dstPort: 50000 + i, packets: 2, bytes: 100 }));
    expect(await runWindows([rule], [flowEvents(answers)])).toEqual([]);
  });

  it("takes its thresholds from settings", async () => {
    const found = await runWindows([portscanRule({ minPorts: 10 })], [flowEvents(connectScan(range(1, 12)))]);
    expect(typesOf(found)).toEqual(["Recon:EC2/Portscan"]);
  });
});
