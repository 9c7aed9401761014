import ipaddr from "ipaddr.js";
import { actorAddress } from "./actors.js";
import { dottedQuad, pseudoRandomWords } from "../testing/pseudo-random-addresses.js";

/** What telling actors apart by address means, as ipaddr.js classifies the address. */
function sharedByIpaddr(text: string): boolean {
  return ["private", "loopback", "linkLocal", "uniqueLocal", "unspecified", "carrierGradeNat"].includes(ipaddr.parse(text).range());
}


describe("actorAddress", () => {
  it("keeps a dotted quad exactly when ipaddr.js does not call its range shared, at every range's edges and across the space", () => {
    const edges = ["0.0.0.0", "0.255.255.255", "1.0.0.0", "9.255.255.255", "10.0.0.0", "10.255.255.255", "11.0.0.0", "100.63.255.255", "100.64.0.0", "100.127.255.255", "100.128.0.0"];
    edges.push("126.255.255.255", "127.0.0.0", "127.255.255.255", "128.0.0.0", "169.253.255.255", "169.254.0.0", "169.254.255.255", "169.255.0.0", "172.15.255.255", "172.16.0.0");
    edges.push("172.31.255.255", "172.32.0.0", "192.167.255.255", "192.168.0.0", "192.168.255.255", "192.169.0.0", "192.0.2.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "240.0.0.1", "255.255.255.255");
    const addresses = [...edges, ...pseudoRandomWords(0x2545f491, 20_000).map(dottedQuad)];
    for (const address of addresses) expect({ address, kept: actorAddress(address) }).toEqual({ address, kept: sharedByIpaddr(address) ? undefined : address });
  });

  it("still reads what is not a plain dotted quad as before: IPv6, AWS service names, octal-looking text", () => {
    expect(actorAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(actorAddress("fd00::1")).toBeUndefined();
    expect(actorAddress("::ffff:10.0.0.1")).toBe("::ffff:10.0.0.1");
    expect(actorAddress("ec2.amazonaws.com")).toBeUndefined();
    expect(actorAddress("AWS Internal")).toBeUndefined();
    expect(actorAddress("06.237.252.245")).toBe("06.237.252.245");
    // ipaddr.js reads a leading zero as octal: 012.0.0.1 is 10.0.0.1, private.
    expect(actorAddress("012.0.0.1")).toBeUndefined();
    expect(actorAddress("010.0.0.1")).toBe("010.0.0.1");
  });
});
