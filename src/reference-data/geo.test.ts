import { offlineGeoLookup } from "./geo.js";

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
