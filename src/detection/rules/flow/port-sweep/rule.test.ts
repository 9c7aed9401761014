import { flowEvents, runWindows, T0, typesOf, v2, v5, V5_FORMAT } from "../../../testing/flow-records.js";
import { portSweepRule } from "./rule.js";

const rule = portSweepRule();
const INSTANCE = "10.0.1.5";
const hosts = (count: number, prefix = "81.2.69") => Array.from({ length: count }, (_, i) => `${prefix}.${i + 1}`);

describe("Impact:EC2/PortSweep", () => {
  it("raises once when an instance probes one port on many public addresses, most of which stay silent", async () => {
    const lines = hosts(60).flatMap((host, i) => {
      const probe = v2({ src: INSTANCE, dst: host, srcPort: 40000 + i, dstPort: 23, packets: 2, bytes: 120 });
      return i % 10 === 0 ? [probe, v2({ src: host, dst: INSTANCE, srcPort: 23, dstPort: 40000 + i, packets: 1, bytes: 40 })] : [probe];
    });
    const found = await runWindows([rule], [flowEvents(lines.slice(0, 30)), flowEvents(lines.slice(30))]);
    expect(typesOf(found)).toEqual(["Impact:EC2/PortSweep"]);
    expect(found[0].aggregationKey).toBe("111122223333|eni-0a1b2c3d4e5f60718|6/23");
    expect(found[0].action).toMatchObject({ connectionDirection: "OUTBOUND", remotePort: 23 });
  });

  it("counts UDP probes that get no answer", async () => {
    const lines = hosts(40).map((host, i) => v5({ src: INSTANCE, dst: host, srcPort: 33000 + i, dstPort: 161, protocol: 17, packets: 1, bytes: 78, direction: "egress" }));
    expect(typesOf(await runWindows([rule], [flowEvents(lines, V5_FORMAT)]))).toEqual(["Impact:EC2/PortSweep"]);
  });

  it("raises nothing for a client that talks to the hosts it reaches, a resolver whose servers answer, or private targets", async () => {
    const crawler = hosts(80).flatMap((host, i) => [
      v2({ src: INSTANCE, dst: host, srcPort: 40000 + i, dstPort: 443, packets: 14, bytes: 2100 }),
      v2({ src: host, dst: INSTANCE, srcPort: 443, dstPort: 40000 + i, packets: 20, bytes: 24000 }),
      ...(i % 4 === 0 ? [v2({ src: INSTANCE, dst: `81.2.70.${i}`, srcPort: 45000 + i, dstPort: 443, packets: 2, bytes: 120 })] : []),
    ]);
    expect(await runWindows([rule], [flowEvents(crawler)])).toEqual([]);
    const resolver = hosts(80).flatMap((host, i) => [
      v2({ src: INSTANCE, dst: host, srcPort: 30000 + i, dstPort: 53, protocol: 17, packets: 1, bytes: 70 }),
      v2({ src: host, dst: INSTANCE, srcPort: 53, dstPort: 30000 + i, protocol: 17, packets: 1, bytes: 180 }),
    ]);
    expect(await runWindows([rule], [flowEvents(resolver)])).toEqual([]);
    const internal = hosts(60, "10.0.9").map((host, i) => v2({ src: INSTANCE, dst: host, srcPort: 40000 + i, dstPort: 22, packets: 2, bytes: 120 }));
    expect(await runWindows([rule], [flowEvents(internal)])).toEqual([]);
    const few = hosts(20).map((host, i) => v2({ src: INSTANCE, dst: host, srcPort: 40000 + i, dstPort: 23, packets: 2, bytes: 120, start: T0 }));
    expect(await runWindows([rule], [flowEvents(few)])).toEqual([]);
  });
});
