import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_GEO_FILES, offlineGeoLookup, writeAsnIpv4Blocks } from "./geo.js";

describe("OfflineGeoLookup over the bundled DB-IP and ASN databases", () => {
  const geo = offlineGeoLookup();

  it("fills GuardDuty's remoteIpDetails for an IPv4 address", () => {
    const details = geo.lookup("1.1.1.1");
    expect(details?.ipAddressV4).toBe("1.1.1.1");
    expect(details?.organization).toEqual({ asn: "13335", asnOrg: "Cloudflare, Inc.", isp: "Cloudflare, Inc.", org: "Cloudflare, Inc." });
    expect(details?.country?.countryCode).toMatch(/^[A-Z]{2}$/);
    expect(details?.country?.countryName.length).toBeGreaterThan(2);
    expect(typeof details?.geoLocation?.lat).toBe("number");
  });

  it("fills it for an IPv6 address", () => {
    const details = geo.lookup("2606:4700:4700::1111");
    expect(details?.ipAddressV6).toBe("2606:4700:4700::1111");
    expect(details?.organization?.asn).toBe("13335");
  });

  it("gives only the address for private space, and nothing for text that is not an address", () => {
    expect(geo.lookup("10.1.2.3")).toEqual({ ipAddressV4: "10.1.2.3" });
    expect(geo.lookup("s3.amazonaws.com")).toBeUndefined();
  });
});

describe("the IPv4 ASN CSV's block index kept beside it", () => {
  it("is written for the installed CSV and opens an index with the same answers", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vigil-asn-blocks-"));
    const csv = path.join(dir, "asn-ipv4-num.csv");
    copyFileSync(DEFAULT_GEO_FILES.asnIpv4, csv);
    const blocks = path.join(dir, "kept", "asn-ipv4-blocks.bin");
    writeAsnIpv4Blocks(csv, blocks);
    expect(existsSync(blocks)).toBe(true);
    const files = { ...DEFAULT_GEO_FILES, asnIpv4: csv };
    const addresses = ["1.1.1.1", "8.8.8.8", "81.2.69.142", "203.0.113.9", "223.255.255.1"];
    const expected = addresses.map((address) => offlineGeoLookup(files, path.join(dir, "none.bin")).lookup(address)?.organization);
    expect(expected[0]?.asnOrg).toBe("Cloudflare, Inc.");
    expect(addresses.map((address) => offlineGeoLookup(files, blocks).lookup(address)?.organization)).toEqual(expected);
  });
});
