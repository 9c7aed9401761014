import { flowEvents, v2, v5, V5_FORMAT } from "../../../testing/flow-records.js";
import { addressScope } from "./addresses.js";
import { connectionDirection, viewOf } from "./flow-view.js";

const view = (line: string, format?: string) => viewOf(flowEvents([line], format)[0]);

describe("reading a flow record from the instance's side", () => {
  it("classifies addresses", () => {
    expect(["10.1.2.3", "172.20.0.1", "192.168.1.1", "100.64.0.1", "169.254.169.254", "fd00:ec2::254", "fe80::1"].map(addressScope)).toEqual(Array(7).fill("private"));
    expect(["81.2.69.142", "203.0.113.9", "2600:1f18::1", "172.32.0.1"].map(addressScope)).toEqual(Array(4).fill("public"));
    expect(["224.0.0.5", "255.255.255.255", "0.0.0.0", "::1"].map(addressScope)).toEqual(Array(4).fill("special"));
    expect(addressScope("-")).toBeUndefined();
  });

  it("takes the local side from flow-direction, else from the private address facing a public one", () => {
    expect(view(v5({ src: "2600:1f18::1", dst: "2a00::1", direction: "egress" }), V5_FORMAT).local).toBe("src");
    expect(view(v5({ src: "81.2.69.142", dst: "81.2.69.143", direction: "ingress" }), V5_FORMAT).local).toBe("dst");
    expect(view(v2({ src: "81.2.69.142", dst: "10.0.1.5" })).local).toBe("dst");
    expect(view(v2({ src: "10.0.1.5", dst: "10.0.2.9" })).local).toBeUndefined();
  });

  it("uses the packet's own addresses behind a NAT gateway", () => {
    const format = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status pkt-srcaddr pkt-dstaddr";
    const line = "3 111122223333 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.0.220 40500 443 6 6 800 1767225600 1767225660 ACCEPT OK 10.0.1.5 81.2.69.142";
    expect(view(line, format)).toMatchObject({ src: "10.0.1.5", dst: "81.2.69.142", local: "src", initiator: "src" });
  });

  it("finds the opener from TCP flags, else from which port is a service's", () => {
    expect(view(v5({ src: "10.0.1.5", dst: "81.2.69.142", srcPort: 80, dstPort: 50000, tcpFlags: 2 }), V5_FORMAT).initiator).toBe("src");
    expect(view(v5({ src: "10.0.1.5", dst: "81.2.69.142", srcPort: 50000, dstPort: 80, tcpFlags: 18 }), V5_FORMAT).initiator).toBe("dst");
    const byPorts = (srcPort: number, dstPort: number) => view(v2({ src: "10.0.1.5", dst: "81.2.69.142", srcPort, dstPort })).initiator;
    expect([byPorts(51000, 22), byPorts(443, 40000), byPorts(40000, 50505), byPorts(3000, 8080), byPorts(123, 123), byPorts(33000, 3389)]).toEqual(["src", "dst", undefined, "dst", undefined, "src"]);
  });

  it("calls a connection outbound when the local end opened it", () => {
    const out = view(v2({ src: "10.0.1.5", dst: "81.2.69.142", srcPort: 50000, dstPort: 443 }));
    expect([connectionDirection(out, "src"), connectionDirection(out, "dst")]).toEqual(["OUTBOUND", "INBOUND"]);
    expect(connectionDirection(view(v2({ src: "10.0.1.5", dst: "81.2.69.142", protocol: 1 })), "src")).toBe("UNKNOWN");
  });
});
