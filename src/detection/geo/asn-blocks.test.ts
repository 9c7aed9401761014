import { decodeAsnBlocks, encodeAsnBlocks } from "./asn-blocks.js";
import { Ipv4AsnIndex } from "./asn-index.js";

// 3,000 rows over several 16 KB blocks, with gaps between them.
const csv = `${Array.from({ length: 3000 }, (_, i) => `${1000 + i * 20},${1009 + i * 20},${64512 + i},AS number ${i}`).join("\n")}\n`;

describe("ASN block index kept beside the file", () => {
  const probed = new Ipv4AsnIndex(csv);
  const kept = decodeAsnBlocks(encodeAsnBlocks(probed.blockIndex, "v1:90000:1"), "v1:90000:1")!;

  it("comes back as written and opens an index that answers as one that probed the file", () => {
    expect(probed.blockIndex.keys.length).toBeGreaterThan(3);
    expect(kept).toEqual(probed.blockIndex);
    const opened = new Ipv4AsnIndex(csv, kept);
    for (const address of [999, 1000, 1009, 1010, 30_005, 50_000, 60_989, 60_990]) expect(opened.lookup(address)).toEqual(probed.lookup(address));
    expect(opened.lookup(30_005)).toEqual({ asn: 64512 + 1450, organization: "AS number 1450" });
  });

  it("is ignored for another file, for bytes of another format, and when it does not fit the file's size", () => {
    const bytes = encodeAsnBlocks(probed.blockIndex, "v1:90000:1");
    expect(decodeAsnBlocks(bytes, "v2:90000:1")).toBeUndefined();
    expect(decodeAsnBlocks(Buffer.from("no blocks here"), "v1:90000:1")).toBeUndefined();
    expect(decodeAsnBlocks(bytes.subarray(0, bytes.length - 8), "v1:90000:1")).toBeUndefined();
    const longer = `${csv}61000,61009,1,Appended\n`;
    const opened = new Ipv4AsnIndex(longer, kept);
    expect(opened.blockIndex).toEqual(new Ipv4AsnIndex(longer).blockIndex);
    expect(opened.lookup(61_005)).toEqual({ asn: 1, organization: "Appended" });
  });
});
