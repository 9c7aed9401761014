import { AddressIndexBuilder, type AddressIndex } from "./address-index.js";
import { ipv4Mask } from "./ipv4.js";
import { ipv6WordMask, parseIpv6Into } from "./ipv6.js";
import { parseIpv4 } from "./ipv4.js";
import { rangeToCidrs } from "./ip-range.js";

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
}

function containingV4(index: AddressIndex, text: string): number[] {
  const payloads: number[] = [];
  for (let p = index.v4.innermost(parseIpv4(text)); p >= 0; p = index.v4.parent[p]) payloads.push(index.v4.payload[p]);
  return payloads;
}

function containingV6(index: AddressIndex, text: string): number[] {
  const words = new Uint32Array(4);
  if (!parseIpv6Into(text, words, 0)) throw new Error(`bad test address ${text}`);
  const payloads: number[] = [];
  for (let p = index.v6.innermost(words); p >= 0; p = index.v6.parent[p]) payloads.push(index.v6.payload[p]);
  return payloads;
}

function v6(text: string): Uint32Array {
  const words = new Uint32Array(4);
  parseIpv6Into(text, words, 0);
  return words;
}

describe("AddressIndex", () => {
  it("returns every containing IPv4 entry, the most specific first", () => {
    const builder = new AddressIndexBuilder();
    builder.addIpv4(parseIpv4("198.18.0.0"), 15, 1);
    builder.addIpv4(parseIpv4("198.18.4.0"), 24, 2);
    builder.addIpv4(parseIpv4("198.18.4.7"), 32, 3);
    builder.addIpv4(parseIpv4("198.18.4.7"), 32, 4);
    builder.addIpv4(parseIpv4("198.20.0.0"), 16, 5);
    const index = builder.build();
    expect(containingV4(index, "198.18.4.7").sort()).toEqual([1, 2, 3, 4]);
    expect(containingV4(index, "198.18.4.7").slice(2).sort()).toEqual([1, 2]);
    expect(containingV4(index, "198.18.4.8")).toEqual([2, 1]);
    expect(containingV4(index, "198.19.255.255")).toEqual([1]);
    expect(containingV4(index, "198.20.9.9")).toEqual([5]);
    expect(containingV4(index, "198.17.255.255")).toEqual([]);
    expect(containingV4(index, "198.21.0.0")).toEqual([]);
  });

  it("masks host bits of a network and handles the edges of the address space", () => {
    const builder = new AddressIndexBuilder();
    builder.addIpv4(parseIpv4("0.0.0.0"), 0, 1);
    builder.addIpv4(parseIpv4("255.255.255.77"), 24, 2);
    const index = builder.build();
    expect(containingV4(index, "255.255.255.255")).toEqual([2, 1]);
    expect(containingV4(index, "255.255.255.0")).toEqual([2, 1]);
    expect(containingV4(index, "0.0.0.0")).toEqual([1]);
  });

  it("contains IPv6 addresses in their networks", () => {
    const builder = new AddressIndexBuilder();
    builder.addIpv6(v6("2001:470::"), 0, 32, 1);
    builder.addIpv6(v6("2001:470:1:908::"), 0, 64, 2);
    builder.addIpv6(v6("2001:470:1:908::9001"), 0, 128, 3);
    builder.addIpv6(v6("2a00:1450:4001:800::"), 0, 56, 4);
    const index = builder.build();
    expect(containingV6(index, "2001:470:1:908::9001")).toEqual([3, 2, 1]);
    expect(containingV6(index, "2001:470:1:908::9002")).toEqual([2, 1]);
    expect(containingV6(index, "2001:470:ffff::1")).toEqual([1]);
    expect(containingV6(index, "2001:471::1")).toEqual([]);
    expect(containingV6(index, "2a00:1450:4001:8ff:ffff:ffff:ffff:ffff")).toEqual([4]);
    expect(containingV6(index, "2a00:1450:4001:900::")).toEqual([]);
  });

  it("finds exactly what a linear scan finds, for random nested IPv4 networks", () => {
    const next = random(42);
    const entries: { network: number; prefix: number }[] = [];
    const builder = new AddressIndexBuilder();
    for (let i = 0; i < 3000; i++) {
      // Few distinct /8s so networks nest often.
      const address = (((next() % 4) + 40) << 24 | (next() & 0xffffff)) >>> 0;
      const prefix = 8 + (next() % 25);
      entries.push({ network: (address & ipv4Mask(prefix)) >>> 0, prefix });
      builder.addIpv4(address, prefix, i);
    }
    const index = builder.build();
    const mismatches: string[] = [];
    for (let q = 0; q < 1000; q++) {
      const address = q % 2 === 0 ? entries[next() % entries.length].network + (next() % 4) : ((((next() % 5) + 39) << 24) | (next() & 0xffffff)) >>> 0;
      const expected: number[] = [];
      entries.forEach((entry, id) => {
        if (((address & ipv4Mask(entry.prefix)) >>> 0) === entry.network) expected.push(id);
      });
      const found: number[] = [];
      for (let p = index.v4.innermost(address >>> 0); p >= 0; p = index.v4.parent[p]) found.push(index.v4.payload[p]);
      if (found.sort((a, b) => a - b).join() !== expected.join()) mismatches.push(`${address}: ${found} vs ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("finds exactly what a linear scan finds, for random nested IPv6 networks", () => {
    const next = random(99);
    const entries: { words: Uint32Array; prefix: number }[] = [];
    const builder = new AddressIndexBuilder();
    for (let i = 0; i < 2000; i++) {
      const words = new Uint32Array([0x20010db8 + (next() % 3), next() % 4, next(), next()]);
      const prefix = 32 + (next() % 97);
      for (let k = 0; k < 4; k++) words[k] = (words[k] & ipv6WordMask(prefix, k)) >>> 0;
      entries.push({ words, prefix });
      builder.addIpv6(words, 0, prefix, i);
    }
    const index = builder.build();
    const inside = (address: Uint32Array, entry: { words: Uint32Array; prefix: number }) =>
      [0, 1, 2, 3].every((k) => ((address[k] & ipv6WordMask(entry.prefix, k)) >>> 0) === entry.words[k]);
    const mismatches: string[] = [];
    for (let q = 0; q < 1000; q++) {
      const base = entries[next() % entries.length].words;
      const address = q % 2 === 0 ? Uint32Array.from([base[0], base[1], base[2], base[3] + (next() % 3)]) : new Uint32Array([0x20010db8 + (next() % 4), next() % 4, next(), next()]);
      const expected: number[] = [];
      entries.forEach((entry, id) => {
        if (inside(address, entry)) expected.push(id);
      });
      const found: number[] = [];
      for (let p = index.v6.innermost(address); p >= 0; p = index.v6.parent[p]) found.push(index.v6.payload[p]);
      if (found.sort((a, b) => a - b).join() !== expected.join()) mismatches.push(`${address}: ${found} vs ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("rangeToCidrs", () => {
  it("covers an inclusive range with the fewest CIDRs", () => {
    expect(rangeToCidrs("60.10.1.114", "60.10.1.121")).toEqual(["60.10.1.114/31", "60.10.1.116/30", "60.10.1.120/31"]);
    expect(rangeToCidrs("203.0.113.0", "203.0.113.255")).toEqual(["203.0.113.0/24"]);
    expect(rangeToCidrs("198.51.100.7", "198.51.100.7")).toEqual(["198.51.100.7/32"]);
    expect(rangeToCidrs("0.0.0.0", "255.255.255.255")).toEqual(["0.0.0.0/0"]);
    expect(rangeToCidrs("2001:db8::", "2001:db8::1:ffff")).toEqual(["2001:db8::/111"]);
  });

  it("covers random ranges exactly, with no address outside them", () => {
    const next = random(5);
    for (let i = 0; i < 200; i++) {
      const first = next() >>> 8;
      const last = first + (next() % 5000);
      const cidrs = rangeToCidrs(formatV4(first), formatV4(last));
      if (!Array.isArray(cidrs)) throw new Error(cidrs.reason);
      let covered = first;
      for (const cidr of cidrs) {
        const [network, prefix] = cidr.split("/");
        expect(parseIpv4(network)).toBe(covered);
        covered += 2 ** (32 - Number(prefix));
      }
      expect(covered).toBe(last + 1);
      expect(cidrs.length).toBeLessThanOrEqual(2 * 32);
    }
  });

  it("explains ranges it cannot convert", () => {
    expect(rangeToCidrs("10.0.0.9", "10.0.0.1")).toEqual({ reason: "range starts after it ends" });
    expect(rangeToCidrs("10.0.0.1", "2001:db8::1")).toEqual({ reason: "range mixes IPv4 and IPv6" });
    expect(rangeToCidrs("10.0.0.1", "nope")).toEqual({ reason: "range bound is not an IP address" });
  });
});

function formatV4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}
