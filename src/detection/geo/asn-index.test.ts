import { Ipv4AsnIndex, Ipv6AsnIndex } from "./asn-index.js";

describe("Ipv4AsnIndex", () => {
  const index = new Ipv4AsnIndex(['16777216,16777471,13335,"Cloudflare, Inc."', "16778240,16779263,38803,Gtelecom Pty Ltd", '16781312,16781567,2519,"Say ""hi"" Networks"', ""].join("\r\n"));

  it("finds the row holding an address, quoted organizations included", () => {
    expect(index.size).toBe(3);
    expect(index.lookup(16777216)).toEqual({ asn: 13335, organization: "Cloudflare, Inc." });
    expect(index.lookup(16777471)).toEqual({ asn: 13335, organization: "Cloudflare, Inc." });
    expect(index.lookup(16778500)).toEqual({ asn: 38803, organization: "Gtelecom Pty Ltd" });
    expect(index.lookup(16781400)?.organization).toBe('Say "hi" Networks');
  });

  it("finds nothing between rows or outside them", () => {
    expect(index.lookup(16777472)).toBeUndefined();
    expect(index.lookup(0)).toBeUndefined();
    expect(index.lookup(4294967295)).toBeUndefined();
  });
});

describe("Ipv4AsnIndex from the file's bytes", () => {
  const rows = ["16777216,16777471,13335,Cloudflare", "16777472,16777727,13335,Cloudflare", "16778240,16779263,13335,Renamed AS", "16779264,16779519,x,Broken row", "16779520,16779775,64500,Caf\u00e9 \"Net\""];
  const index = new Ipv4AsnIndex(Buffer.from(`${rows.join("\n")}\n`, "utf8"));

  it("keeps every well-formed row, a name that differs within an AS, and UTF-8 names", () => {
    expect(index.size).toBe(5);
    expect(index.lookup(16777500)).toEqual({ asn: 13335, organization: "Cloudflare" });
    expect(index.lookup(16778300)).toEqual({ asn: 13335, organization: "Renamed AS" });
    expect(index.lookup(16779300)).toEqual({ asn: 0, organization: "Broken row" });
    expect(index.lookup(16779600)).toEqual({ asn: 64500, organization: 'Café "Net"' });
  });
});

describe("Ipv4AsnIndex parsed a block of rows at a time", () => {
  // 6,000 rows of 10 addresses each, over several 64 KB blocks, with gaps between, and a broken line every 97 rows.
  const rows = Array.from({ length: 6000 }, (_, i) => ({ start: 1000 + i * 20, end: 1009 + i * 20, asn: 64512 + i, broken: i % 97 === 5 }));
  const csv = `${rows.map((row, i) => (row.broken ? "not,a row" : `${row.start},${row.end},${row.asn},"AS, number ${i}"`)).join("\n")}\n`;
  const index = new Ipv4AsnIndex(csv);

  it("finds each row at its edges and nothing in the gaps, where broken lines were, or outside", () => {
    expect(csv.length).toBeGreaterThan(3 * 65536);
    for (const [i, row] of rows.entries()) {
      const expected = row.broken ? undefined : { asn: row.asn, organization: `AS, number ${i}` };
      expect([index.lookup(row.start), index.lookup(row.end), index.lookup(row.end + 1)]).toEqual([expected, expected, undefined]);
    }
    expect(index.lookup(999)).toBeUndefined();
    expect(index.size).toBe(rows.filter((row) => !row.broken).length);
  });
});

describe("Ipv6AsnIndex", () => {
  // 2001:200::/32 → WIDE Project
  const index = new Ipv6AsnIndex("42540528726795050063891204319802818560,42540528806023212578155541913346768895,2500,WIDE Project\n");

  it("looks up by the upper 64 bits of an address", () => {
    const inside = (BigInt(0x20010200) << BigInt(32)) | BigInt(0x12345678);
    const outside = BigInt(0x20010201) << BigInt(32);
    expect(index.lookup(inside)).toEqual({ asn: 2500, organization: "WIDE Project" });
    expect(index.lookup(outside)).toBeUndefined();
  });
});
