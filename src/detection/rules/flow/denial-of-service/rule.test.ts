import { flowEvents, runWindows, T0, typesOf, v2 } from "../../../testing/flow-records.js";
import { denialOfServiceRule } from "./rule.js";

const rule = denialOfServiceRule();
const INSTANCE = "10.0.1.5";
const VICTIM = "81.2.69.142";

/** `count` records a hundred per second, each from (or, for answers, to) its own client port. */
function records(count: number, f: Parameters<typeof v2>[0], clientPort: "srcPort" | "dstPort" = "srcPort"): string[] {
  return Array.from({ length: count }, (_, i) => v2({ ...f, [clientPort]: 30000 + i, start: T0 + Math.floor(i / 100) }));
}

describe("Backdoor:EC2/DenialOfService", () => {
  it("raises .Udp, and .UdpOnTcpPorts, for a one-sided UDP burst to a TCP port", async () => {
    // 400,000 datagrams of 1 KB from one socket within a few seconds (the GuardDuty tester's UDP test).
    const burst = v2({ src: INSTANCE, dst: VICTIM, srcPort: 51515, dstPort: 80, protocol: 17, packets: 400_000, bytes: 420_800_000, start: T0, end: T0 + 4 });
    const found = await runWindows([rule], [flowEvents([burst])]);
    expect(typesOf(found)).toEqual(["Backdoor:EC2/DenialOfService.Udp", "Backdoor:EC2/DenialOfService.UdpOnTcpPorts"]);
    expect(found[0].action).toMatchObject({ connectionDirection: "OUTBOUND", protocol: "UDP", remoteIp: VICTIM, remotePort: 80 });
    expect(found[0].aggregationKey).toBe("111122223333|eni-0a1b2c3d4e5f60718");
  });

  it("raises .Dns for a flood of queries to one server, from many sockets, across batches", async () => {
    const queries = records(2_000, { src: INSTANCE, dst: VICTIM, dstPort: 53, protocol: 17, packets: 60, bytes: 6_000 });
    const found = await runWindows([rule], [flowEvents(queries.slice(0, 1_000)), flowEvents(queries.slice(1_000))]);
    expect(typesOf(found)).toEqual(["Backdoor:EC2/DenialOfService.Dns"]);
  });

  it("raises .Tcp for a SYN flood even when the victim answers, and .UnusualProtocol for other protocols", async () => {
    const syn = records(500, { src: INSTANCE, dst: VICTIM, dstPort: 443, packets: 300, bytes: 18_000 });
    const synAck = records(500, { src: VICTIM, dst: INSTANCE, srcPort: 443, packets: 300, bytes: 18_000 }, "dstPort");
    expect(typesOf(await runWindows([rule], [flowEvents([...syn, ...synAck])]))).toEqual(["Backdoor:EC2/DenialOfService.Tcp"]);
    const igmp = v2({ src: INSTANCE, dst: VICTIM, protocol: 2, packets: 20_000, bytes: 640_000, start: T0, end: T0 + 5 });
    expect(typesOf(await runWindows([rule], [flowEvents([igmp])]))).toEqual(["Backdoor:EC2/DenialOfService.UnusualProtocol"]);
  });

  it("raises nothing for uploads, downloads, conversations, streams below a flood's rate, or private targets", async () => {
    const upload = [
      v2({ src: INSTANCE, dst: VICTIM, srcPort: 40000, dstPort: 443, packets: 2_000_000, bytes: 2_800_000_000, start: T0, end: T0 + 290 }),
      v2({ src: VICTIM, dst: INSTANCE, srcPort: 443, dstPort: 40000, packets: 1_000_000, bytes: 52_000_000, start: T0, end: T0 + 290 }),
    ];
    const download = [
      v2({ src: INSTANCE, dst: VICTIM, srcPort: 40001, dstPort: 443, packets: 500_000, bytes: 26_000_000, start: T0, end: T0 + 100 }),
      v2({ src: VICTIM, dst: INSTANCE, srcPort: 443, dstPort: 40001, packets: 1_000_000, bytes: 1_400_000_000, start: T0, end: T0 + 100 }),
    ];
    const tunnel = [
      v2({ src: INSTANCE, dst: VICTIM, srcPort: 51820, dstPort: 51820, protocol: 17, packets: 900_000, bytes: 1_200_000_000, start: T0, end: T0 + 200 }),
      v2({ src: VICTIM, dst: INSTANCE, srcPort: 51820, dstPort: 51820, protocol: 17, packets: 400_000, bytes: 40_000_000, start: T0, end: T0 + 200 }),
    ];
    const video = [v2({ src: INSTANCE, dst: VICTIM, srcPort: 5004, dstPort: 5004, protocol: 17, packets: 540_000, bytes: 700_000_000, start: T0, end: T0 + 299 })];
    const internal = [v2({ src: INSTANCE, dst: "10.0.2.9", srcPort: 5000, dstPort: 80, protocol: 17, packets: 400_000, bytes: 420_800_000, start: T0, end: T0 + 4 })];
    for (const lines of [upload, download, tunnel, video, internal]) expect(await runWindows([rule], [flowEvents(lines)])).toEqual([]);
  });
});
