/**
 * remoteIpDetails for findings from offline databases: DB-IP City Lite (MMDB) for city, country and
 * coordinates, and the RouteViews/RIR/DB-IP ASN CSVs for the organization. Both are CC-BY-4.0 by
 * DB-IP.com (attribution in the README). The contents are handed in (src/reference-data/geo.ts reads
 * the bundled files); each database is asked for the first time an address of its family is looked
 * up, once per lookup. The MMDB files (~60-70 MB each) are read by offset, a few pages per lookup
 * (mmdb-reader.ts), not held in memory.
 */
import { parseIpInto } from "../intel/address/ip-text.js";
import type { RemoteIpDetails } from "../findings/types.js";
import { COUNTRY_NAMES } from "./country-names.js";
import { Ipv4AsnIndex, Ipv6AsnIndex, type AsnBlockIndex, type AsnRecord, type CsvBytes } from "./asn-index.js";
import { MmdbReader } from "./mmdb-reader.js";

export interface GeoLookup {
  /** remoteIpDetails for an address (ipAddressV4/V6 always set); undefined when the text is not an address. */
  lookup(address: string): RemoteIpDetails | undefined;
}

/** The record layout of the DB-IP City Lite MMDB as ip-location-db builds it (not MaxMind's GeoIP2 layout). */
type CityRecord = { city?: string; country_code?: string; latitude?: number; longitude?: number };

/** The databases' contents, each asked for once, when first needed (they are large). */
export type GeoDatabases = {
  /** DB-IP City Lite, IPv4 and IPv6 (MMDB files, read by offset). */
  cityIpv4(): CsvBytes;
  cityIpv6(): CsvBytes;
  /** The ip-location-db ASN CSVs (numeric ranges): the IPv4 one read by offset as needed, or whole. */
  asnIpv4(): CsvBytes | Uint8Array | string;
  /** Its block index when one was kept for this file (see Ipv4AsnIndex), so opening it does not probe the file. */
  asnIpv4Blocks?(): AsnBlockIndex | undefined;
  asnIpv6(): Uint8Array | string;
};

// Created only for a code the table does not list: loading ICU's region names took ~20 ms of a process's start.
let countryNames: Intl.DisplayNames | undefined;

// Intl's lookup costs microseconds, and there are a few hundred codes against thousands of addresses.
const countryNamesByCode = new Map<string, string>();

function countryName(code: string): string {
  if (Object.hasOwn(COUNTRY_NAMES, code)) return COUNTRY_NAMES[code];
  let name = countryNamesByCode.get(code);
  if (name === undefined) countryNamesByCode.set(code, (name = displayName(code)));
  return name;
}

function displayName(code: string): string {
  try {
    countryNames ??= new Intl.DisplayNames(["en"], { type: "region" });
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
  private readonly cityV4: () => MmdbReader;
  private readonly cityV6: () => MmdbReader;
  private readonly asnV4: () => Ipv4AsnIndex;
  private readonly asnV6: () => Ipv6AsnIndex;
  private readonly cache = new Map<string, RemoteIpDetails | undefined>();
  private readonly words = new Uint32Array(4);

  constructor(databases: GeoDatabases) {
    this.cityV4 = lazily(() => new MmdbReader(databases.cityIpv4()));
    this.cityV6 = lazily(() => new MmdbReader(databases.cityIpv6()));
    this.asnV4 = lazily(() => new Ipv4AsnIndex(databases.asnIpv4(), databases.asnIpv4Blocks?.()));
    this.asnV6 = lazily(() => new Ipv6AsnIndex(databases.asnIpv6()));
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
      city = this.cityV4().get(this.words, 4) as CityRecord | null;
      asn = this.asnV4().lookup(this.words[0]);
    } else {
      details = { ipAddressV6: address };
      city = this.cityV6().get(this.words, 6) as CityRecord | null;
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
