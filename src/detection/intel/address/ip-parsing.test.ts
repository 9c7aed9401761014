import ipaddr from "ipaddr.js";
import { formatIpv4, parseIpv4 } from "./ipv4.js";
import { formatIpv6, parseIpv6Into } from "./ipv6.js";
import { parseIpInto } from "./ip-text.js";
import { isPublicIpv4, isPublicIpv6 } from "./public-address.js";

/** Deterministic pseudo-random numbers so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
}

function ipv6Words(text: string): number[] | undefined {
  const out = new Uint32Array(4);
  return parseIpv6Into(text, out, 0) ? [...out] : undefined;
}

function wordsFromIpaddr(text: string): number[] {
  const bytes = ipaddr.IPv6.parse(text).toByteArray();
  return [0, 4, 8, 12].map((i) => ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0);
}

describe("parseIpv4", () => {
  it("reads dotted quads as unsigned 32-bit numbers", () => {
    expect(parseIpv4("0.0.0.0")).toBe(0);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIpv4("192.0.2.1")).toBe(0xc0000201);
    expect(formatIpv4(parseIpv4("203.0.113.77"))).toBe("203.0.113.77");
  });

  it.each(["999.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "", "1.2.3.-4", "1.2.3.1000"])(
    "refuses %p",
    (text) => expect(parseIpv4(text)).toBe(-1),
  );

  it("agrees with ipaddr.js on random addresses", () => {
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      const value = next();
      const text = formatIpv4(value);
      expect(parseIpv4(text)).toBe(value);
      expect(ipaddr.IPv4.parse(text).toString()).toBe(text);
    }
  });
});

describe("parseIpv6Into", () => {
  it.each([
    "::",
    "::1",
    "1::",
    "2001:db8::1",
    "2001:0470:0001:0908:0000:0000:0000:9001",
    "fe80::1:2:3:4",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6::8",
    "::ffff:192.0.2.1",
    "64:ff9b::198.51.100.7",
    "1:2:3:4:5:6:1.2.3.4",
    "ABCD:EF01::",
  ])("reads %p as ipaddr.js does", (text) => {
    expect(ipv6Words(text)).toEqual(wordsFromIpaddr(text));
  });

  it.each([":", ":1", "1:", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7::8:9", "::1.2.3", "1.2.3.4::", "::1.2.3.4.5"])(
    "refuses %p",
    (text) => expect(ipv6Words(text)).toBeUndefined(),
  );

  it("round-trips random addresses, compressed or not, through RFC 5952 text", () => {
    const next = random(11);
    for (let i = 0; i < 2000; i++) {
      const words = new Uint32Array([next(), i % 3 === 0 ? 0 : next(), 0, next() & (i % 2 ? 0xffff : 0xffffffff)]);
      const canonical = formatIpv6(words);
      const full = [...words].flatMap((word) => [word >>> 16, word & 0xffff]).map((group) => group.toString(16).padStart(4, "0")).join(":");
      expect(ipv6Words(canonical)).toEqual([...words]);
      expect(ipv6Words(full)).toEqual([...words]);
      expect(canonical).toBe(ipaddr.IPv6.parse(full).toString());
    }
  });
});

describe("parseIpInto", () => {
  it("treats IPv4-mapped and NAT64 well-known-prefix addresses as IPv4", () => {
    const out = new Uint32Array(4);
    expect(parseIpInto("::ffff:198.51.100.7", out)).toBe(4);
    expect(formatIpv4(out[0])).toBe("198.51.100.7");
    expect(parseIpInto("64:ff9b::c633:6407", out)).toBe(4);
    expect(formatIpv4(out[0])).toBe("198.51.100.7");
    expect(parseIpInto("2001:db8::1", out)).toBe(6);
    expect(parseIpInto("not an address", out)).toBe(0);
  });
});

describe("public address classes", () => {
  const publicOf = (text: string): boolean => {
    const out = new Uint32Array(4);
    const family = parseIpInto(text, out);
    return family === 4 ? isPublicIpv4(out[0]) : isPublicIpv6(out);
  };

  it.each([
    "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "224.0.0.1",
    "192.0.2.10", "198.51.100.1", "203.0.113.5", "0.0.0.0", "255.255.255.255",
    "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1", "::ffff:10.0.0.1",
  ])("%s is not publicly routable", (text) => expect(publicOf(text)).toBe(false));

  it.each(["8.8.8.8", "185.220.101.1", "2001:470:1:908::9001", "2a00:1450:4001::1", "::ffff:8.8.4.4"])(
    "%s is publicly routable",
    (text) => expect(publicOf(text)).toBe(true),
  );
});
