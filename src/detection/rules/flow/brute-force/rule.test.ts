import { flowEvents, runWindows, T0, typesOf, v2, v5, V5_FORMAT } from "../../../testing/flow-records.js";
import { bruteForceRule } from "./rule.js";

const rule = bruteForceRule();
const ATTACKER = "10.0.1.5";
const TARGET = "10.0.2.9";

function attempts(count: number, f: { src: string; dst: string; dstPort: number; action?: "ACCEPT" | "REJECT"; packets?: number; start?: number }): string[] {
  return Array.from({ length: count }, (_, i) => [
    v2({ ...f, srcPort: 40000 + i, packets: f.packets ?? 22, bytes: (f.packets ?? 22) * 120, start: (f.start ?? T0) + i }),
    v2({ src: f.dst, dst: f.src, srcPort: f.dstPort, dstPort: 40000 + i, packets: 18, bytes: 3200, start: (f.start ?? T0) + i }),
  ]).flat();
}

describe("SSH, RDP and WinRM brute force", () => {
  it("raises the target and the actor finding when one instance brute-forces another inside the VPC", async () => {
    const lines = attempts(60, { src: ATTACKER, dst: TARGET, dstPort: 22 });
    const found = await runWindows([rule], [flowEvents(lines.slice(0, 50)), flowEvents(lines.slice(50))]);
    expect(found.map((c) => [c.meta.type, c.meta.resourceRole, c.severity, c.resource.instanceDetails?.networkInterfaces?.[0].privateIpAddress])).toEqual([
      ["UnauthorizedAccess:EC2/SSHBruteForce", "TARGET", 2, TARGET],
      ["UnauthorizedAccess:EC2/SSHBruteForce", "ACTOR", 8, ATTACKER],
    ]);
    expect(found[0].action).toMatchObject({ connectionDirection: "INBOUND", localPort: 22, remoteIp: ATTACKER });
    expect(found[1].aggregationKey).toBe(`111122223333|vpc/${ATTACKER}|actor`);
  });

  it("grades by the instance's role when the record says which end is local", async () => {
    const inbound = attempts(25, { src: "81.2.69.142", dst: TARGET, dstPort: 3389 });
    expect((await runWindows([rule], [flowEvents(inbound)])).map((c) => [c.meta.type, c.severity])).toEqual([["UnauthorizedAccess:EC2/RDPBruteForce", 2]]);
    const outbound = Array.from({ length: 25 }, (_, i) => v5({ src: ATTACKER, dst: "81.2.69.142", srcPort: 50000 + i, dstPort: 5986, packets: 30, bytes: 5000, tcpFlags: 3, direction: "egress" }));
    const [actor] = await runWindows([rule], [flowEvents(outbound, V5_FORMAT)]);
    expect([actor.meta.type, actor.meta.resourceRole, actor.severity, actor.resource.instanceDetails?.instanceId]).toEqual(["Impact:EC2/WinRMBruteForce", "ACTOR", 8, "i-0123456789abcdef0"]);
  });

  it("counts a connection once however many records it has, and leaves out sessions and refused attempts against the instance", async () => {
    const session = Array.from({ length: 40 }, (_, i) => v2({ src: "81.2.69.142", dst: TARGET, srcPort: 40001, dstPort: 22, packets: 30, bytes: 4000, start: T0 + i * 10 }));
    expect(await runWindows([rule], [flowEvents(session)])).toEqual([]);
    const transfers = attempts(30, { src: "81.2.69.142", dst: TARGET, dstPort: 22, packets: 5000 });
    expect(await runWindows([rule], [flowEvents(transfers)])).toEqual([]);
    const refused = attempts(30, { src: "81.2.69.142", dst: TARGET, dstPort: 22, action: "REJECT" });
    expect(await runWindows([rule], [flowEvents(refused)])).toEqual([]);
    expect(await runWindows([rule], [flowEvents(attempts(15, { src: ATTACKER, dst: TARGET, dstPort: 22 }))])).toEqual([]);
  });

  it("only watches the login ports", async () => {
    expect(await runWindows([rule], [flowEvents(attempts(40, { src: "81.2.69.142", dst: TARGET, dstPort: 2222 }))])).toEqual([]);
    expect(typesOf(await runWindows([bruteForceRule({ minAttempts: 5 })], [flowEvents(attempts(6, { src: "81.2.69.142", dst: TARGET, dstPort: 5985 }))]))).toEqual(["Impact:EC2/WinRMBruteForce"]);
  });
});
